class Foo {}
System.print(Foo.toString) // expect: Foo
System.print(Foo.type.toString) // expect: Foo metaclass
System.print(Num.toString) // expect: Num
System.print([Num, String, Foo]) // expect: [Num, String, Foo]
