class Foo {
  construct new(value) { _value = value }
  value { _value }
  same { this }
  other { this.value }
}

var foo = Foo.new("v")
System.print(foo.same == foo) // expect: true
System.print(foo.other) // expect: v
