var errors = []
var try = Fn.new {|f| errors.add(Fiber.new(f).try()) }
try.call { 1 + "a" }
try.call { 1 - null }
try.call { 1 * [] }
try.call { 1 / false }
try.call { 1 % "2" }
try.call { 1 < "2" }
try.call { 1 >= null }
try.call { 1 & "x" }
try.call { 1 << "x" }
try.call { 1.."x" }
try.call { 1..."x" }
for (e in errors) System.print(e)
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right operand must be a number.
// expect: Right hand side of range must be a number.
// expect: Right hand side of range must be a number.
