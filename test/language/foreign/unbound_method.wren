System.print("before") // expect: before

class Foo {
  foreign bar(a, b) // expect runtime error: Could not find foreign method 'bar(_,_)' for class Foo in module './test/language/foreign/unbound_method'.
}

System.print("never")
