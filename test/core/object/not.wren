class Foo {
  construct new() {}
}
System.print(!Foo.new()) // expect: false
System.print(!Object) // expect: false
