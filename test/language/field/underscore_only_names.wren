class Foo {
  bar {
    _ = "wat" // expect error
    __ = "wat" // expect error
  }
}
