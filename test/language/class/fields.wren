class Point {
  construct new(x, y) {
    _x = x
    _y = y
  }
  x { _x }
  y { _y }
  move(dx, dy) {
    _x = _x + dx
    _y = _y + dy
  }
  toString { "(%(_x), %(_y))" }
}

var p = Point.new(1, 2)
System.print(p.x) // expect: 1
System.print(p.y) // expect: 2
p.move(10, 20)
System.print(p) // expect: (11, 22)

// Each instance has its own fields.
var q = Point.new(5, 6)
System.print(p) // expect: (11, 22)
System.print(q) // expect: (5, 6)
