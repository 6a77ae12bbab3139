# = 1 // expect error
class Foo {}
