class Foo {
  construct new(value) {
    _value = value.count // expect runtime error: Num does not implement 'count'.
  }
}

Foo.new(3)
