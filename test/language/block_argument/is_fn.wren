class Foo {
  static take(fn) { fn }
}

var block = Foo.take {|a, b, c| a }
System.print(block is Fn) // expect: true
System.print(block.arity) // expect: 3
System.print(Foo.take { 1 }.arity) // expect: 0
