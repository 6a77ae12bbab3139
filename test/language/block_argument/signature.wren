class Foo {
  static method(fn) { "one" }
  static method(a, fn) { "two" }
}

// The block counts towards the arity of the call.
System.print(Foo.method {}) // expect: one
System.print(Foo.method(1) {}) // expect: two
Foo.method(1, 2) {} // expect runtime error: Foo metaclass does not implement 'method(_,_,_)'.
