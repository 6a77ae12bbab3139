// The then branch is parsed above conditional precedence, so an unparenthesized nested
// conditional there is a syntax error.
System.print(true ? false ? 1 : 2 : 3) // expect error
