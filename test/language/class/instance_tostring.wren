class Foo {
  construct new() {}
}

System.print(Foo.new()) // expect: instance of Foo
System.print(Foo.new().toString) // expect: instance of Foo
System.print("%(Foo.new())") // expect: instance of Foo
