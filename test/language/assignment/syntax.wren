// Newlines are allowed after "=" in a variable definition.
var a =
  "value"
System.print(a) // expect: value
