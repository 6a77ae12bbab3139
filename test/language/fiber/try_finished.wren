var fiber = Fiber.new {}
fiber.call()
fiber.try() // expect runtime error: Cannot try a finished fiber.
