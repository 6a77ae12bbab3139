System.print(String.fromByte(65)) // expect: A
System.print(String.fromByte(255).bytes.toList) // expect: [255]
System.print(String.fromByte(0).count) // expect: 1
System.print(Fiber.new { String.fromByte(-1) }.try()) // expect: Byte cannot be negative.
System.print(Fiber.new { String.fromByte(256) }.try()) // expect: Byte cannot be greater than 0xff.
System.print(Fiber.new { String.fromByte(1.5) }.try()) // expect: Byte must be an integer.
