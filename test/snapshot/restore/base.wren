// The program behind most `bad*` fixtures: saved while paused inside `Busy`, it holds every
// kind of object and fiber state the verifier checks.
import "random" for Random

class Point {
  construct new(x, y) {
    _x = x
    _y = y
  }
  x { _x }
  y { _y }
  +(other) { Point.new(_x + other.x, _y + other.y) }
  toString { "(%(_x), %(_y))" }
}

class Point3 is Point {
  construct new(x, y, z) {
    super(x, y)
    _z = z
  }
  z { _z }
}

var Origin = Point3.new(0, 1, 2)
var Items = [1, 2.5, "three", null, true, 1..3, {"a": 1, 2: "b"}]
var Counter = Fn.new {
  var count = 0
  return Fn.new { count = count + 1 }
}.call()
var Rng = Random.new(7)
var Worker = Fiber.new {|n|
  var local = n
  var peek = Fn.new { local }
  while (true) {
    local = local + Fiber.yield(peek.call())
  }
}
Worker.call(1)
var Guard = Fiber.new {
  Worker.call(2)
  Fiber.abort("stop")
}
Guard.try()
var Busy = Fiber.new {
  var j = 0
  while (j < 1000000) {
    j = j + Counter.call()
  }
}
// Never called: its loop captures a variable declared before it (the verifier's captured-slot
// analysis needs a second sweep there).
var MakeAll = Fn.new {|n|
  var total = 0
  var fns = []
  for (i in 0...n) fns.add(Fn.new { total = total + i })
  return fns
}
Busy.try()
System.print(Origin + Point.new(1, 1))
