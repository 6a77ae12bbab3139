var main = Fiber.current
System.print(main is Fiber) // expect: true
System.print(Fiber.current == main) // expect: true

var inner
var fiber = Fiber.new { inner = Fiber.current }
fiber.call()
System.print(inner == fiber) // expect: true
System.print(inner == main) // expect: false
