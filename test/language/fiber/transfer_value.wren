var main = Fiber.current
var fiber = Fiber.new {|value|
  System.print("received %(value)")
  var next = main.transfer("first")
  System.print("received %(next)")
  main.transfer("second")
}

System.print(fiber.transfer("start")) // expect: received start
// expect: first
System.print(fiber.transfer("again")) // expect: received again
// expect: second
