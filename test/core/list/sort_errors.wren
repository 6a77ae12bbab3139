System.print(Fiber.new { [1, 2].sort("not fn") }.try()) // expect: Comparer must be a function.
System.print(Fiber.new { [null, null].sort() }.try()) // expect: Null does not implement '<(_)'.
