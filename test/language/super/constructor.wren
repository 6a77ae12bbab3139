class Base {
  construct new(a, b) {
    System.print("Base.new(%(a), %(b))")
    _base = a + b
  }
  base { _base }
}

class Derived is Base {
  construct new() {
    super("a", "b")
    System.print("Derived.new()")
  }
}

var d = Derived.new()
// expect: Base.new(a, b)
// expect: Derived.new()
System.print(d.base) // expect: ab
System.print(d is Derived) // expect: true
