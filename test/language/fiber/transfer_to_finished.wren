var fiber = Fiber.new {}
fiber.call()
fiber.transfer() // expect runtime error: Cannot transfer to a finished fiber.
