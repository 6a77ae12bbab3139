class Foo {
  construct new() {}
}
System.print(Foo.new().toString) // expect: instance of Foo
System.print(Object.new) // expect runtime error: Object metaclass does not implement 'new'.
