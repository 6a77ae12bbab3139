var root = Fiber.current
var fiber = Fiber.new {
  root.call() // expect runtime error: Cannot call root fiber.
}
fiber.call()
