// Every infix operator of Num wants a number on its right.
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { 1 > "0" } // expect: Right operand must be a number.
report.call { 1 <= null } // expect: Right operand must be a number.
report.call { 1 | [] } // expect: Right operand must be a number.
report.call { 1 ^ true } // expect: Right operand must be a number.
report.call { 1 >> "1" } // expect: Right operand must be a number.
report.call { 1 - "1" } // expect: Right operand must be a number.
report.call { 1 * "1" } // expect: Right operand must be a number.
report.call { 1 / (1..2) } // expect: Right operand must be a number.
// == and != accept anything.
System.print(1 == "1") // expect: false
System.print(1 != [1]) // expect: true
1 ^ "1" // expect runtime error: Right operand must be a number.
