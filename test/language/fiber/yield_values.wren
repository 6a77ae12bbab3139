var fiber = Fiber.new {|first|
  System.print("got %(first)")
  var second = Fiber.yield("yielded 1")
  System.print("got %(second)")
  var third = Fiber.yield()
  System.print("got %(third)")
  return "returned"
}

System.print(fiber.call("a")) // expect: got a
// expect: yielded 1
System.print(fiber.call("b")) // expect: got b
// expect: null
System.print(fiber.call()) // expect: got null
// expect: returned
System.print(fiber.isDone) // expect: true
