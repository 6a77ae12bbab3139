class Foo {
  construct new() { _kind = "default" }
  construct named(a) { _kind = "named %(a)" }
  construct two(a, b) {
    _kind = "two %(a) %(b)"
  }
  kind { _kind }
}

System.print(Foo.new().kind) // expect: default
System.print(Foo.named(1).kind) // expect: named 1
System.print(Foo.two("x", "y").kind) // expect: two x y
System.print(Foo.new() is Foo) // expect: true
