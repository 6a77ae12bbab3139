// Fibers: create many fibers and switch between them with call/yield.

// A generator-style fiber yields a running sum until exhausted.
var total = 0
var created = 0
for (batch in 1..500) {
  var workers = []
  for (w in 1..50) {
    created = created + 1
    workers.add(Fiber.new {|start|
      var acc = start
      for (step in 1..20) {
        acc = acc + step
        Fiber.yield(acc)
      }
      return -1
    })
  }
  // Round-robin over the workers until each has finished.
  var first = true
  var live = workers.count
  while (live > 0) {
    live = 0
    for (fiber in workers) {
      if (!fiber.isDone) {
        var value = first ? fiber.call(batch) : fiber.call()
        total = total + value
        if (!fiber.isDone) live = live + 1
      }
    }
    first = false
  }
}
System.print("fibers created: %(created)")
System.print("sum of yielded values: %(total)")

// Ping-pong: a long-lived fiber passes a counter back and forth.
var pong = Fiber.new {|n|
  while (true) n = Fiber.yield(n + 1)
}
var count = pong.call(0)
for (i in 1..500000) {
  count = pong.call(count)
}
System.print("ping-pong count: %(count)")
