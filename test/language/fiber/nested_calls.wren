var log = []
var c = Fiber.new {
  log.add("c")
  Fiber.yield("from c")
}
var b = Fiber.new {
  log.add("b")
  log.add(c.call())
  Fiber.yield("from b")
}
var a = Fiber.new {
  log.add("a")
  log.add(b.call())
}
a.call()
System.print(log) // expect: [a, b, c, from c, from b]
