class Foo {
  construct new() {}
  method { "getter" }
  method() { "zero" }
  method(a) { "one %(a)" }
  method(a, b) { "two %(a) %(b)" }
  method(a, b, c) { "three %(a) %(b) %(c)" }
}

var foo = Foo.new()
System.print(foo.method) // expect: getter
System.print(foo.method()) // expect: zero
System.print(foo.method(1)) // expect: one 1
System.print(foo.method(1, 2)) // expect: two 1 2
System.print(foo.method(1, 2, 3)) // expect: three 1 2 3
foo.method(1, 2, 3, 4) // expect runtime error: Foo does not implement 'method(_,_,_,_)'.
