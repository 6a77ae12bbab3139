class Foo {
  construct new=(value) {} // expect error
}
