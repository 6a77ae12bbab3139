var fib = Fiber.new {
  var a = 0
  var b = 1
  while (true) {
    Fiber.yield(a)
    var t = a + b
    a = b
    b = t
  }
}

var values = []
for (i in 1..10) values.add(fib.call())
System.print(values) // expect: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
