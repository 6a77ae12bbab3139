// String * count needs a non-negative integer count.
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { "ab" * 1.5 } // expect: Count must be a non-negative integer.
report.call { "ab" * "2" } // expect: Count must be a non-negative integer.
report.call { "ab" * null } // expect: Count must be a non-negative integer.
report.call { "" * -1 } // expect: Count must be a non-negative integer.
System.print("[" + "" * 5 + "]") // expect: []
System.print("é" * 3) // expect: ééé
System.print(("ab" * 3).count) // expect: 6
"ab" * (1/0) // expect runtime error: Count must be a non-negative integer.
