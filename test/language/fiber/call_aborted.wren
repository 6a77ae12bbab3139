var fiber = Fiber.new { Fiber.abort("failed") }
fiber.try()
fiber.call() // expect runtime error: Cannot call an aborted fiber.
