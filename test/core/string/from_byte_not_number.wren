System.print(Fiber.new { String.fromByte(null) }.try()) // expect: Byte must be a number.
System.print(Fiber.new { String.fromByte([65]) }.try()) // expect: Byte must be a number.
System.print(String.fromByte(0x41)) // expect: A
String.fromByte("A") // expect runtime error: Byte must be a number.
