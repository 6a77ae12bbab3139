class Foo {
  construct new() {
    _value = "set"
    // An empty return in a constructor still returns the new instance.
    return
    _value = "unreachable"
  }
  // The expression body of a constructor is discarded.
  construct expr() { "ignored" }
  value { _value }
}

var foo = Foo.new()
System.print(foo is Foo) // expect: true
System.print(foo.value) // expect: set
System.print(Foo.expr() is Foo) // expect: true
