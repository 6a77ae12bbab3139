class Foo {
  static bar {}
  static bar {} // expect error
}
