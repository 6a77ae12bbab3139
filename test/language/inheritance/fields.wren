class A {
  construct new() {}
  setA(v) { _a = v }
  a { _a }
}

class B is A {
  construct new() { super() }
  setB(v) { _b = v }
  b { _b }
}

class C is B {
  construct new() { super() }
  setC(v) { _c = v }
  c { _c }
  all { [a, b, c] }
}

var c = C.new()
c.setA("a")
c.setB("b")
c.setC("c")
System.print(c.all) // expect: [a, b, c]
