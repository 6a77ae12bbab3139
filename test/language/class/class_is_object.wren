class Foo {}

// A class is a first-class value.
var alias = Foo
System.print(alias == Foo) // expect: true
System.print(alias.name) // expect: Foo
System.print(Foo is Class) // expect: true
System.print(Foo is Object) // expect: true
System.print(Foo.type is Class) // expect: true
