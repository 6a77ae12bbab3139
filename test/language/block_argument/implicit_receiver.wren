class Foo {
  construct new() {}
  each(fn) {
    fn.call("a")
    fn.call("b")
  }
  // A block argument on an implicit-receiver call.
  test {
    each {|x| System.print(x) }
  }
}

Foo.new().test
// expect: a
// expect: b
