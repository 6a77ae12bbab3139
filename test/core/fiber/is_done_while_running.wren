// isDone is false while a fiber runs or waits, true once its function has returned.
var fiber
fiber = Fiber.new {
  System.print(fiber.isDone)
  System.print(Fiber.current.isDone)
  Fiber.yield()
}
fiber.call()
// expect: false
// expect: false
System.print(fiber.isDone) // expect: false
System.print(Fiber.current.isDone) // expect: false
fiber.call()
System.print(fiber.isDone) // expect: true
System.print(fiber.error) // expect: null
