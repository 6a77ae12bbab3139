class Foo {}

Foo.new() // expect runtime error: Foo metaclass does not implement 'new()'.
