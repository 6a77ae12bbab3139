class Foo {
  construct new() {}
  toString { "Foo(" + super.toString + ")" }
  type { "not a class: " + super.type.name }
}

var foo = Foo.new()
System.print(foo) // expect: Foo(instance of Foo)
System.print(foo.type) // expect: not a class: Foo
