var fiber = Fiber.new { "result" }
System.print(fiber is Fiber) // expect: true
System.print(fiber.isDone) // expect: false
System.print(fiber.error) // expect: null
System.print(fiber.call()) // expect: result
System.print(fiber.isDone) // expect: true
System.print(fiber.error) // expect: null
