class Foo {
  construct new() {}
  // Overriding == does not affect Object.same.
  ==(other) { true }
}

var a = Foo.new()
var b = Foo.new()
System.print(a == b) // expect: true
System.print(Object.same(a, b)) // expect: false
System.print(Object.same(a, a)) // expect: true
System.print(Object.same(1, 1.0)) // expect: true
System.print(Object.same("a", "a")) // expect: true
System.print(Object.same([], [])) // expect: false
System.print(Object.same(null, false)) // expect: false
System.print(Object.same(1..2, 1..2)) // expect: true
