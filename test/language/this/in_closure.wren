class Foo {
  construct new() {}
  getClosure { Fn.new { Fn.new { this.toString } } }
  toString { "Foo" }
}

System.print(Foo.new().getClosure.call().call()) // expect: Foo
