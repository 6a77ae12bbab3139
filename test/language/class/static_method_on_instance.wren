class Foo {
  construct new() {}
  static bar { "bar" }
}

System.print(Foo.bar) // expect: bar
Foo.new().bar // expect runtime error: Foo does not implement 'bar'.
