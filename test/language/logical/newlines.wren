var a = false ||
  true
System.print(a) // expect: true
var b = true &&
  "and"
System.print(b) // expect: and
