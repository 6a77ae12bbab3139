for (i in 1..2) {
  class Foo {
    bar {
      continue // expect error
    }
  }
}
