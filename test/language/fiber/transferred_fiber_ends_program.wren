// When a fiber that was transferred to finishes, there is nothing to return to, so the
// program ends successfully.
var fiber = Fiber.new {
  System.print("in fiber") // expect: in fiber
}
fiber.transfer()
System.print("never")
