// Newlines are allowed before the closing ")", so the error is on the next token.
System.print((1 + 2)
System.print("after") // expect error
