System.print(Fiber.new { [1].skip(-1) }.try()) // expect: Count must be a non-negative integer.
System.print(Fiber.new { [1].take(1.5) }.try()) // expect: Count must be a non-negative integer.
System.print(Fiber.new { [1].take("2") }.try()) // expect: Count must be a non-negative integer.
