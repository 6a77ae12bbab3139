Fiber.current.try() // expect runtime error: Cannot call root fiber.
