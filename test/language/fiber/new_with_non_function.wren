Fiber.new("not a function") // expect runtime error: Argument must be a function.
