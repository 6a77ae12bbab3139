// A super call is bound to the superclass of the class where the method is defined,
// not of the receiver's class.
class A {
  say { "A" }
}

class B is A {
  say { "B" }
  test { super.say }
}

class C is B {
  construct new() {}
  say { "C" }
}

System.print(C.new().test) // expect: A
