// List * count needs a non-negative integer count.
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { [1] * 1.5 } // expect: Count must be a non-negative integer.
report.call { [1] * "2" } // expect: Count must be a non-negative integer.
report.call { [1] * null } // expect: Count must be a non-negative integer.
report.call { [] * -1 } // expect: Count must be a non-negative integer.
System.print([] * 3) // expect: []
System.print([[1]] * 2) // expect: [[1], [1]]
var list = [1, 2]
var twice = list * 2
twice[0] = "changed"
System.print(list) // expect: [1, 2]
System.print(twice) // expect: [changed, 2, 1, 2]
[1] * (0..1) // expect runtime error: Count must be a non-negative integer.
