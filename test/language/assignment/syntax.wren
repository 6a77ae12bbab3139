// Newlines are allowed after "=".
var a =
  "value"
System.print(a) // expect: value

a =
  "other"
System.print(a) // expect: other
