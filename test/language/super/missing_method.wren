class Base {}

class Derived is Base {
  construct new() {}
  foo { super.foo } // expect runtime error: Base does not implement 'foo'.
}

Derived.new().foo
