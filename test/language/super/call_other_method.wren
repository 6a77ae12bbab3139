class Base {
  construct new() {}
  foo { "Base.foo" }
}

class Derived is Base {
  construct new() { super() }
  foo { "Derived.foo" }
  bar { super.foo }
}

System.print(Derived.new().bar) // expect: Base.foo
System.print(Derived.new().foo) // expect: Derived.foo
