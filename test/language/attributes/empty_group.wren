#!group() // expect error
class Foo {}
