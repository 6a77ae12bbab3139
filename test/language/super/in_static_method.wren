class A {
  static hello { "A.hello" }
}

class B is A {
  // Metaclasses do not parallel the class hierarchy: B's metaclass inherits from Class,
  // so a super call in a static method looks in Class.
  static name_ { super.name }
  static hello { super.hello } // expect runtime error: Class does not implement 'hello'.
}

System.print(B.name_) // expect: B
B.hello
