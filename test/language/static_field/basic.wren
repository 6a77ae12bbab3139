class Foo {
  construct new() {}
  static count { __count }
  static count=(value) { __count = value }
  bump() { __count = __count + 1 }
}

System.print(Foo.count) // expect: null
Foo.count = 10
var a = Foo.new()
var b = Foo.new()
a.bump()
b.bump()
// Static fields are shared by the class and all its instances.
System.print(Foo.count) // expect: 12
