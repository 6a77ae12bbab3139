var fiber = Fiber.new {
  System.print("in fiber") // expect: in fiber
  null.crash // expect runtime error: Null does not implement 'crash'.
}
fiber.call()
System.print("never")
