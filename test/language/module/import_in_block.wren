// An import inside a block binds local variables.
{
  import "./lib/shapes" for Square
  System.print(Square.new(5).area)
}
// expect: shapes module runs once
// expect: 25

var f = Fn.new {
  import "./lib/shapes" for Circle
  return Circle.new(9)
}
System.print(f.call()) // expect: circle 9
