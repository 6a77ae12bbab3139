import "./lib/shapes" for Square as Box, Circle, Version as ShapesVersion
// expect: shapes module runs once

System.print(Box.new(4).area) // expect: 16
System.print(Box.name) // expect: Square
System.print(ShapesVersion) // expect: 1.0
System.print(Circle.new(1)) // expect: circle 1
