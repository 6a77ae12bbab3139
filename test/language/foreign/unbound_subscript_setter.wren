class Foo {
  foo() {}
  foreign [a, b]=(value) // expect runtime error: Could not find foreign method '[_,_]=(_)' for class Foo in module './test/language/foreign/unbound_subscript_setter'.
}
