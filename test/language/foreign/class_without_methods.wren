// Declaring a foreign class binds no methods, so it succeeds without a host binding.
foreign class Foo {}
System.print(Foo) // expect: Foo
System.print(Foo is Class) // expect: true
System.print(Foo.supertype) // expect: Object
