System.print(Fiber.new { "abc".replace("", "x") }.try()) // expect: From must be a non-empty string.
System.print(Fiber.new { "abc".replace("a", 1) }.try()) // expect: To must be a string.
