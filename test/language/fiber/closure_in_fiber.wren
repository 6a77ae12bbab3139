var counter = 0
var fibers = []
for (i in 1..3) {
  fibers.add(Fiber.new {
    counter = counter + i
    Fiber.yield()
    counter = counter + i * 10
  })
}
for (f in fibers) f.call()
System.print(counter) // expect: 6
for (f in fibers) f.call()
System.print(counter) // expect: 66
