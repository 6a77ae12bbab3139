class Base {
  construct new() {}
}

class Derived is Base {
  construct new() {
    super // expect error
  }
}
