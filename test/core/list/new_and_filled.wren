System.print(List.new()) // expect: []
System.print(List.new().count) // expect: 0
System.print(List.filled(3, "x")) // expect: [x, x, x]
System.print(List.filled(0, 1)) // expect: []
System.print(Fiber.new { List.filled(-1, 0) }.try()) // expect: Size cannot be negative.
System.print(Fiber.new { List.filled(1.5, 0) }.try()) // expect: Size must be an integer.
System.print(Fiber.new { List.filled("3", 0) }.try()) // expect: Size must be a number.
