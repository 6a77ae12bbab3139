// Each class body has its own static fields, even with the same name.
class A {
  static set(v) { __value = v }
  static value { __value }
}

class B is A {
  static setB(v) { __value = v }
  static valueB { __value }
}

A.set("a")
B.setB("b")
System.print(A.value) // expect: a
System.print(B.valueB) // expect: b
