class Foo {
  static bar { "static bar" }
}

var meta = Foo.type
System.print(Foo.bar) // expect: static bar
System.print(Foo is meta) // expect: true
System.print(Foo.new) // expect runtime error: Foo metaclass does not implement 'new'.
