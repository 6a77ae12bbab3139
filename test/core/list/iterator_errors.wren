// The iterator protocol of List checks its iterator argument.
var list = ["a", "b", "c"]
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }

report.call { list.iterate("1") } // expect: Iterator must be a number.
report.call { list.iterate(0.5) } // expect: Iterator must be an integer.
// Only null is accepted without a check, even by an empty list.
report.call { [].iterate(false) } // expect: Iterator must be a number.
System.print(list.iterate(2)) // expect: false
System.print(list.iterate(100)) // expect: false
System.print(list.iterate(-2)) // expect: false

report.call { list.iteratorValue("0") } // expect: Iterator must be a number.
report.call { list.iteratorValue(1.5) } // expect: Iterator must be an integer.
report.call { list.iteratorValue(3) } // expect: Iterator out of bounds.
report.call { list.iteratorValue(-4) } // expect: Iterator out of bounds.
report.call { [].iteratorValue(0) } // expect: Iterator out of bounds.
// Like subscripts, negative iterators count from the end.
System.print(list.iteratorValue(-1)) // expect: c
list.iteratorValue(null) // expect runtime error: Iterator must be a number.
