// A foreign class needs an allocator from the host (or a built-in module); without one,
// defining it is a runtime error.
foreign class Foo {} // expect runtime error: Could not find foreign class Foo in module './test/language/foreign/class_without_methods'.
System.print("not reached")
