Num.fromString(12) // expect runtime error: Argument must be a string.
