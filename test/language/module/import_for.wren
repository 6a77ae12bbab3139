import "./lib/shapes" for Square, Circle
// expect: shapes module runs once

System.print(Square.new(3).area) // expect: 9
System.print(Circle.new(2)) // expect: circle 2
