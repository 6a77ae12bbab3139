class Foo {
  static makeIncrementer { Fn.new { __n = (__n == null ? 0 : __n) + 1 } }
  static n { __n }
}

var inc = Foo.makeIncrementer
inc.call()
inc.call()
System.print(Foo.n) // expect: 2
