class Foo {}
System.print(Foo.attributes) // expect: null
System.print(Object.attributes) // expect: null
