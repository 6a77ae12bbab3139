// An error in a fiber called from a tried fiber is caught by the try.
var inner = Fiber.new { Fiber.abort("inner error") }
var outer = Fiber.new {
  inner.call()
  System.print("never")
}
System.print(outer.try()) // expect: inner error
System.print(inner.error) // expect: inner error
System.print(outer.error) // expect: inner error
