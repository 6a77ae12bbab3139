System.print(String.fromCodePoint(65)) // expect: A
System.print(String.fromCodePoint(233)) // expect: é
System.print(String.fromCodePoint(8364)) // expect: €
System.print(String.fromCodePoint(0x1F600).bytes.toList) // expect: [240, 159, 152, 128]
System.print(String.fromCodePoint(0).bytes.toList) // expect: [0]
System.print(Fiber.new { String.fromCodePoint(-1) }.try()) // expect: Code point cannot be negative.
System.print(Fiber.new { String.fromCodePoint(0x110000) }.try()) // expect: Code point cannot be greater than 0x10ffff.
System.print(Fiber.new { String.fromCodePoint(1.5) }.try()) // expect: Code point must be an integer.
System.print(Fiber.new { String.fromCodePoint("a") }.try()) // expect: Code point must be a number.
