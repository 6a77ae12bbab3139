var s = "\u12" // expect error
