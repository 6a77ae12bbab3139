// A constructor is also a static method on the metaclass.
class C {
  construct a() {}
  static a() {} // expect error
}
class D {
  static b() {}
  construct b() {} // expect error
}
