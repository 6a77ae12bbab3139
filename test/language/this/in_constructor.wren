class Foo {
  construct new() {
    System.print(this) // expect: instance of Foo
    System.print(this is Foo) // expect: true
  }
}

Foo.new()
