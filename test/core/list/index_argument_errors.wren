// insert, removeAt and swap check their index arguments.
var list = ["a", "b", "c"]
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }

report.call { list.insert("1", "x") } // expect: Index must be a number.
report.call { list.insert(1.5, "x") } // expect: Index must be an integer.
report.call { list.insert(4, "x") } // expect: Index out of bounds.
// Negative indexes count from the end of the list after the insertion.
report.call { list.insert(-5, "x") } // expect: Index out of bounds.
System.print(list.insert(-4, "first")) // expect: first
System.print(list) // expect: [first, a, b, c]
System.print(list.removeAt(0)) // expect: first

report.call { list.removeAt(null) } // expect: Index must be a number.
report.call { list.removeAt(-0.5) } // expect: Index must be an integer.
report.call { list.removeAt(3) } // expect: Index out of bounds.
report.call { list.removeAt(-4) } // expect: Index out of bounds.
report.call { [].removeAt(0) } // expect: Index out of bounds.

report.call { list.swap("0", 1) } // expect: Index 0 must be a number.
report.call { list.swap(0.5, 1) } // expect: Index 0 must be an integer.
report.call { list.swap(0, [1]) } // expect: Index 1 must be a number.
report.call { list.swap(0, 1.5) } // expect: Index 1 must be an integer.
report.call { list.swap(-4, 0) } // expect: Index 0 out of bounds.
// The first index is checked first.
report.call { list.swap("a", "b") } // expect: Index 0 must be a number.

// Failed calls leave the list alone.
System.print(list) // expect: [a, b, c]
list.insert(false, "x") // expect runtime error: Index must be a number.
