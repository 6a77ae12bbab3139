// join(_) adds the separator and each element's toString to a string, so both must be
// strings; the separator is only used between two elements.
class Odd {
  construct new() {}
  toString { 42 }
}
class Pair is Sequence {
  construct new() {}
  iterate(i) { i == null ? 0 : (i < 1 ? i + 1 : false) }
  iteratorValue(i) { i }
}

var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { [1, 2].join(3) } // expect: Right operand must be a string.
report.call { Pair.new().join(null) } // expect: Right operand must be a string.
report.call { (1..2).join(0) } // expect: Right operand must be a string.
report.call { [Odd.new()].join() } // expect: Right operand must be a string.
report.call { [1, Odd.new()].join(",") } // expect: Right operand must be a string.
System.print([1].join(3)) // expect: 1
System.print([].join(null)) // expect: 
System.print(Pair.new().join(", ")) // expect: 0, 1
System.print(Pair.new().join()) // expect: 01
"ab".join(1) // expect runtime error: Right operand must be a string.
