class A {
  foo { "A.foo" }
}

class B is A {}

class C is B {
  construct new() {}
  foo { "C.foo, then " + super.foo }
}

System.print(C.new().foo) // expect: C.foo, then A.foo
