var f = "module"

class Foo {
  // Inside a class, a lowercase assignment target that is not a local is a setter call on
  // this, not the module variable.
  static method() {
    f = "assigned" // expect runtime error: Foo metaclass does not implement 'f=(_)'.
  }
}

Foo.method()
