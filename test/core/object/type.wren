class Foo {
  construct new() {}
}

System.print(Foo.new().type) // expect: Foo
System.print(1.type) // expect: Num
System.print("s".type) // expect: String
System.print(null.type) // expect: Null
System.print(true.type) // expect: Bool
System.print([].type) // expect: List
System.print({}.type) // expect: Map
System.print((1..2).type) // expect: Range
System.print(Fn.new {}.type) // expect: Fn
System.print(Fiber.current.type) // expect: Fiber
System.print(Foo.type) // expect: Foo metaclass
