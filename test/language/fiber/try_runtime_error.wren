var fiber = Fiber.new {
  1.nonexistent
}

var error = fiber.try()
System.print(error) // expect: Num does not implement 'nonexistent'.
System.print(fiber.error == error) // expect: true
System.print("main continues") // expect: main continues
