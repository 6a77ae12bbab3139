class Foo {
  static bar() { "called" }
}

System.print(Foo.bar()) // expect: called
System.print(Foo.bar(
)) // expect: called
