var fiber = Fiber.new { Fiber.abort("x") }
fiber.try()
System.print(fiber.isDone) // expect: true
System.print(fiber.error) // expect: x
