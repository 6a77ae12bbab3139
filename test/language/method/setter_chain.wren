class Foo {
  construct new() {}
  a=(v) { _a = v }
  a { _a }
  b=(v) { _b = v }
  b { _b }
}

var foo = Foo.new()
foo.a = foo.b = "both"
System.print(foo.a) // expect: both
System.print(foo.b) // expect: both
