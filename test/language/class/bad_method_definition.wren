class Foo {
  123 // expect error
}
