// A fiber that was transferred to has no caller: yielding from it ends the program.
var fiber = Fiber.new {
  System.print("transferred") // expect: transferred
  Fiber.yield()
  System.print("never")
}
fiber.transfer()
System.print("never")
