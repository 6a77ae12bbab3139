class Base {}

class Derived is Base {
  construct new() {
    super() // expect runtime error: Base does not implement 'init new()'.
  }
}

Derived.new()
