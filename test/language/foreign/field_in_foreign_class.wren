foreign class Foo {
  bar { _field } // expect error
}
