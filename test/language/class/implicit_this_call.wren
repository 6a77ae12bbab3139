class Foo {
  construct new() {}
  helper { "helper" }
  helper(a) { "helper %(a)" }
  // Lowercase names that are not locals are method calls on this.
  test {
    System.print(helper) // expect: helper
    System.print(helper(2)) // expect: helper 2
  }
}

Foo.new().test
