class A {}
class B is A {}
class C is B {}
class D {
  construct new() {}
}

class E is D {
  construct new() {}
}

var e = E.new()
System.print(e is E) // expect: true
System.print(e is D) // expect: true
System.print(e is Object) // expect: true
System.print(e is A) // expect: false
System.print(D.new() is E) // expect: false
System.print(C.supertype) // expect: B
System.print(C.supertype.supertype) // expect: A
System.print(A.supertype) // expect: Object
