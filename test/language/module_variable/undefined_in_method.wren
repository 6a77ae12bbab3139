class Foo {
  bar { Undefined } // expect error
}
