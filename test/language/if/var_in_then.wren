if (true) var a = "no" // expect error
