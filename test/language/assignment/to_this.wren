class Foo {
  construct new() {
    this = "value" // expect error
  }
}
