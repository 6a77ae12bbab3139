class Foo {
  construct new() {}
  bar=(value) {
    System.print("setting %(value)")
    _bar = value
  }
  bar { _bar }
  // A setter's result is the value of the assignment expression.
  baz=(value) { "baz result" }
}

var foo = Foo.new()
foo.bar = "first" // expect: setting first
System.print(foo.bar) // expect: first
System.print(foo.baz = "ignored") // expect: baz result
