class Foo {
  bar() {}
  bar() {} // expect error
  baz {}
  baz(a) {}
  static bar() {}
}
