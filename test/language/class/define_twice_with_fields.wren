// A class inheriting fields, defined by a function that runs twice: each definition gets
// its own copy of the method code, with field offsets added once.
class Base {
  construct new() { _a = "base" }
  a { _a }
}

var make = Fn.new {|n|
  class Derived is Base {
    construct new(n) {
      super()
      _b = n
    }
    b { _b }
  }
  return Derived.new(n)
}

var first = make.call(1)
var second = make.call(2)
System.print(first.a) // expect: base
System.print(first.b) // expect: 1
System.print(second.a) // expect: base
System.print(second.b) // expect: 2
