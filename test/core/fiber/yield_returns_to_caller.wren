var fiber = Fiber.new {
  var received = Fiber.yield(1)
  System.print("received %(received)")
  Fiber.yield(2)
}

System.print(fiber.call()) // expect: 1
System.print(fiber.call("x")) // expect: received x
// expect: 2
System.print(fiber.call()) // expect: null
System.print(fiber.isDone) // expect: true
