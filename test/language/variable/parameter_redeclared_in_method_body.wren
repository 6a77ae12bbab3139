class Foo {
  bar(a) {
    var a = "again" // expect error
  }
}
