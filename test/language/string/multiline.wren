// A plain string can span lines; the newline is part of the string.
var s = "first
second"
System.print(s.count) // expect: 12
System.print(s)
// expect: first
// expect: second
