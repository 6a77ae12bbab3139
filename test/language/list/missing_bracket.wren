// Newlines are allowed before "]", so the error is reported at the next token.
var list = [1, 2
System.print("x") // expect error
