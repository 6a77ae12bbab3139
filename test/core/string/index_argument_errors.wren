// byteAt, codePointAt, indexOf(_, _) and the byte and code point subscripts check their
// index arguments.
var s = "abc"
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }

report.call { s.byteAt("0") } // expect: Index must be a number.
report.call { s.byteAt(0.5) } // expect: Index must be an integer.
report.call { s.byteAt(-4) } // expect: Index out of bounds.
report.call { "".byteAt(0) } // expect: Index out of bounds.
System.print(s.byteAt(-3)) // expect: 97

report.call { s.codePointAt(null) } // expect: Index must be a number.
report.call { s.codePointAt(3) } // expect: Index out of bounds.
report.call { s.codePointAt(-4) } // expect: Index out of bounds.
System.print(s.codePointAt(-1)) // expect: 99

report.call { s.bytes["0"] } // expect: Index must be a number.
report.call { s.codePoints[3] } // expect: Index out of bounds.
report.call { s.codePoints[0.5] } // expect: Index must be an integer.

report.call { s.indexOf("a", "0") } // expect: Start must be a number.
report.call { s.indexOf("a", 0.5) } // expect: Start must be an integer.
report.call { s.indexOf("a", 3) } // expect: Start out of bounds.
report.call { s.indexOf("a", -4) } // expect: Start out of bounds.
// The search string is checked before the start.
report.call { s.indexOf(1, "0") } // expect: Argument must be a string.
System.print(s.indexOf("c", -1)) // expect: 2
System.print(s.indexOf("a", 1)) // expect: -1
s.byteAt("1") // expect runtime error: Index must be a number.
