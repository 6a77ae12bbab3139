var fiber = Fiber.new {|x| Fiber.yield(x * 2) }
System.print(fiber.try(21)) // expect: 42
