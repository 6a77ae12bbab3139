// Any value can be an error.
var fiber = Fiber.new { Fiber.abort([1, 2]) }
var error = fiber.try()
System.print(error) // expect: [1, 2]
System.print(error is List) // expect: true
