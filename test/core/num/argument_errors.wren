// Num methods taking numbers check their arguments.
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { 1.atan("1") } // expect: x value must be a number.
report.call { 1.clamp("0", 2) } // expect: Min value must be a number.
report.call { 1.clamp(0, null) } // expect: Max value must be a number.
// The minimum is checked first.
report.call { 1.clamp([], []) } // expect: Min value must be a number.
report.call { 1.max("2") } // expect: Other value must be a number.
report.call { 1.min(false) } // expect: Other value must be a number.
report.call { 1.pow(null) } // expect: Power value must be a number.
report.call { Num.fromString(null) } // expect: Argument must be a string.
1.clamp(0, "5") // expect runtime error: Max value must be a number.
