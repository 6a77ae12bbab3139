class Foo {
  bar() // expect error
}
