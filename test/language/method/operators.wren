class Vec {
  construct new(x, y) {
    _x = x
    _y = y
  }
  x { _x }
  y { _y }
  +(other) { Vec.new(_x + other.x, _y + other.y) }
  -(other) { Vec.new(_x - other.x, _y - other.y) }
  *(n) { Vec.new(_x * n, _y * n) }
  /(n) { Vec.new(_x / n, _y / n) }
  %(n) { Vec.new(_x % n, _y % n) }
  - { Vec.new(-_x, -_y) }
  ==(other) { other is Vec && _x == other.x && _y == other.y }
  !=(other) { !(this == other) }
  <(other) { _x < other.x }
  >(other) { _x > other.x }
  <=(other) { _x <= other.x }
  >=(other) { _x >= other.x }
  toString { "(%(_x), %(_y))" }
}

var a = Vec.new(1, 2)
var b = Vec.new(3, 5)
System.print(a + b) // expect: (4, 7)
System.print(b - a) // expect: (2, 3)
System.print(a * 3) // expect: (3, 6)
System.print(b / 2) // expect: (1.5, 2.5)
System.print(b % 2) // expect: (1, 1)
System.print(-a) // expect: (-1, -2)
System.print(a == Vec.new(1, 2)) // expect: true
System.print(a != Vec.new(1, 2)) // expect: false
System.print(a == "not a vec") // expect: false
System.print(a < b) // expect: true
System.print(a > b) // expect: false
System.print(a <= a) // expect: true
System.print(b >= a) // expect: true
