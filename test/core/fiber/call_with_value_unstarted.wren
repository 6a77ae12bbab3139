// A fiber function without a parameter ignores a value passed to its first call.
var fiber = Fiber.new { "ran" }
System.print(fiber.call("ignored")) // expect: ran
