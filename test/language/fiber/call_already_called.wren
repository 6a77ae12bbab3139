var a
var b = Fiber.new { a.call() } // expect runtime error: Fiber has already been called.
a = Fiber.new { b.call() }
a.call()
