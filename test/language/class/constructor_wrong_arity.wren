class Foo {
  construct new(a) {}
}

Foo.new(1)
Foo.new() // expect runtime error: Foo metaclass does not implement 'new()'.
