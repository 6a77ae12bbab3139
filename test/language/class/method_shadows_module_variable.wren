var value = "module"

class Foo {
  construct new() {}
  value { "method" }
  // Inside a class, a lowercase name that is not a local refers to a method on this, even if
  // a module variable has the same name.
  test { value }
}

System.print(Foo.new().test) // expect: method
System.print(value) // expect: module
