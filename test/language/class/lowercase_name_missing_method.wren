var helper = "module variable"

class Foo {
  construct new() {}
  test { helper } // expect runtime error: Foo does not implement 'helper'.
}

Foo.new().test
