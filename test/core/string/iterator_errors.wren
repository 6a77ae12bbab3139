// The iterator protocols of String, of its bytes and of its code points check their iterators.
var s = "aé"
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }

report.call { s.iterate("0") } // expect: Iterator must be a number.
report.call { s.iterate(0.5) } // expect: Iterator must be an integer.
report.call { "".iterate(true) } // expect: Iterator must be a number.
System.print(s.iterate(-1)) // expect: false
System.print(s.iterate(1)) // expect: false
System.print(s.iterate(50)) // expect: false

report.call { s.iteratorValue("0") } // expect: Iterator must be a number.
report.call { s.iteratorValue(1.5) } // expect: Iterator must be an integer.
report.call { s.iteratorValue(3) } // expect: Iterator out of bounds.
report.call { s.iteratorValue(-4) } // expect: Iterator out of bounds.
System.print(s.iteratorValue(-2)) // expect: é

// The byte sequence steps one byte at a time.
System.print(s.bytes.iterate(0)) // expect: 1
System.print(s.bytes.iterate(1)) // expect: 2
System.print(s.bytes.iterate(2)) // expect: false
report.call { s.bytes.iterate("0") } // expect: Iterator must be a number.
report.call { s.bytes.iterate(0.5) } // expect: Iterator must be an integer.
report.call { s.bytes.iteratorValue(3) } // expect: Index out of bounds.

// The code point sequence steps like the string itself.
System.print(s.codePoints.iterate(0)) // expect: 1
System.print(s.codePoints.iterate(1)) // expect: false
report.call { s.codePoints.iterate(null.toString) } // expect: Iterator must be a number.
report.call { s.codePoints.iteratorValue(1.5) } // expect: Index must be an integer.
s.iteratorValue(null) // expect runtime error: Iterator must be a number.
