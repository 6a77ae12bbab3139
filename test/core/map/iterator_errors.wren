// The iterator protocol of Map checks its iterator argument.
var map = {"k": "v"}
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }

// iterate(_) wants null or an integer; out-of-range integers end the iteration.
report.call { map.iterate("x") } // expect: Iterator must be a number.
report.call { map.iterate(0.5) } // expect: Iterator must be an integer.
System.print(map.iterate(-1)) // expect: false
System.print(map.iterate(1000000)) // expect: false
// An empty map ends at once, whatever the iterator.
System.print({}.iterate("x")) // expect: false

// iteratorValue(_) and the key and value sequences want the index of an occupied slot.
report.call { map.iteratorValue("x") } // expect: Iterator must be a number.
report.call { map.iteratorValue(0.5) } // expect: Iterator must be an integer.
report.call { map.iteratorValue(1000000) } // expect: Iterator out of bounds.
report.call { map.iteratorValue(-1000000) } // expect: Iterator out of bounds.
report.call { map.keys.iteratorValue(true) } // expect: Iterator must be a number.
report.call { map.values.iteratorValue(1000000) } // expect: Iterator out of bounds.

// The one entry sits in slot `used`; every slot before it is empty, and if it is slot 0,
// slot 1 is.
var used = map.iterate(null)
var empty = used == 0 ? 1 : 0
System.print(map.iteratorValue(used)) // expect: k:v
System.print(map.keys.iteratorValue(used)) // expect: k
System.print(map.values.iteratorValue(used)) // expect: v
report.call { map.keys.iteratorValue(empty) } // expect: Invalid map iterator.
report.call { map.values.iteratorValue(empty) } // expect: Invalid map iterator.
map.iteratorValue(empty) // expect runtime error: Invalid map iterator.
