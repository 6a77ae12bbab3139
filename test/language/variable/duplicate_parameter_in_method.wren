class Foo {
  bar(a, b, a) {} // expect error
}
