var fiber = Fiber.new { "done" }
System.print(fiber.call()) // expect: done
System.print(fiber.isDone) // expect: true
fiber.call() // expect runtime error: Cannot call a finished fiber.
