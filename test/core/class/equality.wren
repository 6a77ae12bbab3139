class Foo {}
var alias = Foo
System.print(Foo == alias) // expect: true
System.print(Foo == Object) // expect: false
System.print(Num == 1.type) // expect: true
System.print({Foo: "as key"}[Foo]) // expect: as key
