class Foo {
  static self { this }
  static name_ { this.name }
}

System.print(Foo.self == Foo) // expect: true
System.print(Foo.name_) // expect: Foo
