class Inner {
  static fail() {
    return null.missing // expect runtime error: Null does not implement 'missing'.
  }
}

class Middle {
  static call() { Inner.fail() }
}

class Outer {
  static call() { Middle.call() }
}

Outer.call()
