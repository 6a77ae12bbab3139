class Foo {
  construct new() {}
  static name_ { "static" }
  name_ { "instance" }
}

System.print(Foo.name_) // expect: static
System.print(Foo.new().name_) // expect: instance
