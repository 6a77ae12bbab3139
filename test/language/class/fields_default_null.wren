class Foo {
  construct new() {}
  a { _a }
  setB() { _b = "b" }
  b { _b }
}

var foo = Foo.new()
System.print(foo.a) // expect: null
System.print(foo.b) // expect: null
foo.setB()
System.print(foo.b) // expect: b
