// The superclass clause is an expression (at call precedence).
class Holder {
  static base { Base }
}
class Base {
  construct new() {}
  hello { "hello from base" }
}
class Derived is (Holder.base) {
  construct new() {}
}

System.print(Derived.new().hello) // expect: hello from base
System.print(Derived.supertype) // expect: Base
