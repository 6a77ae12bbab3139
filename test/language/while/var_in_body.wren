while (false) var x = 1 // expect error
