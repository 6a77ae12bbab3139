"abc".codePointAt(1.5) // expect runtime error: Index must be an integer.
