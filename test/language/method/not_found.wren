class Foo {
  construct new() {}
}

Foo.new().someMethod(1, 2) // expect runtime error: Foo does not implement 'someMethod(_,_)'.
