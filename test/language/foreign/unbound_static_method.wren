class Foo {
  // The class named in the message is the metaclass, which holds static methods.
  foreign static bar // expect runtime error: Could not find foreign method 'bar' for class Foo metaclass in module './test/language/foreign/unbound_static_method'.
}
