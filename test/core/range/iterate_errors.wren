// Range's iterate(_) wants null or a number; iteratorValue(_) returns its iterator.
var range = 1..3
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { range.iterate("1") } // expect: Iterator must be a number.
report.call { (3..1).iterate([]) } // expect: Iterator must be a number.
// An empty range ends at once, whatever the iterator.
System.print((1...1).iterate("x")) // expect: false
// The iterator need not be an integer; it moves by one towards `to`.
System.print(range.iterate(1.5)) // expect: 2.5
System.print(range.iterate(2.5)) // expect: false
System.print((3..1).iterate(3)) // expect: 2
System.print((3...1).iterate(2)) // expect: false
System.print(range.iteratorValue("anything")) // expect: anything
range.iterate(false) // expect runtime error: Iterator must be a number.
