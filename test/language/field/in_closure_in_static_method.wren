class Foo {
  static bar {
    Fn.new { _field } // expect error
  }
}
