// Calling a fiber whose function takes a parameter without a value binds null.
var fiber = Fiber.new {|value| System.print(value) }
fiber.call() // expect: null
