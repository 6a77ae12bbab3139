class Foo {
  construct new() {
    return "value" // expect error
  }
}
