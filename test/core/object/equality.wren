class Foo {
  construct new() {}
}

var a = Foo.new()
var b = Foo.new()
System.print(a == a) // expect: true
System.print(a == b) // expect: false
System.print(a != b) // expect: true
System.print(a != a) // expect: false
System.print(a == null) // expect: false
