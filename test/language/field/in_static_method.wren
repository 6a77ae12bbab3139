class Foo {
  static bar {
    _field = "value" // expect error
  }
}
