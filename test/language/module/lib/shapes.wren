// nontest
// Imported by the tests in test/language/module.
System.print("shapes module runs once")

class Square {
  construct new(side) { _side = side }
  area { _side * _side }
}

class Circle {
  construct new(r) { _r = r }
  toString { "circle %(_r)" }
}

var Version = "1.0"
var lowercase = "lower"
