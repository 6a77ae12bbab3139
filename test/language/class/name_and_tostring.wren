class Foo {}
class Bar_Baz2 {}

System.print(Foo) // expect: Foo
System.print(Foo.name) // expect: Foo
System.print(Foo.toString) // expect: Foo
System.print(Bar_Baz2.name) // expect: Bar_Baz2
