var list = [1, 2, 3, 4]
list.swap(0, 3)
System.print(list) // expect: [4, 2, 3, 1]
list.swap(-1, 1)
System.print(list) // expect: [4, 1, 3, 2]
System.print(Fiber.new { list.swap(0, 4) }.try()) // expect: Index 1 out of bounds.
System.print(Fiber.new { list.swap(9, 0) }.try()) // expect: Index 0 out of bounds.
