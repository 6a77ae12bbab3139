class Foo {}

System.print(Foo.type) // expect: Foo metaclass
System.print(Foo.type.name) // expect: Foo metaclass
System.print(Foo.type is Class) // expect: true
// Metaclasses always inherit from Class.
System.print(Foo.type.supertype) // expect: Class
// The class of every metaclass is Class, and Class is its own class.
System.print(Foo.type.type) // expect: Class
System.print(Class.type) // expect: Class
System.print(Object.type) // expect: Object metaclass
System.print(Object.type.supertype) // expect: Class
