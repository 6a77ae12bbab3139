class Foo {
  construct new() {}
  toString { "custom Foo" }
}

System.print("value: %(Foo.new())") // expect: value: custom Foo
