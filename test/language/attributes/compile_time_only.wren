// Attributes without "!" are not kept at runtime.
#hidden = 1
#group(a = 2)
class Foo {
  #alsoHidden
  method() {}
}

System.print(Foo.attributes) // expect: null
