class Foo {
  static read { __never }
}

System.print(Foo.read) // expect: null
