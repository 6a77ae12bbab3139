var Foo = 1
class Foo {} // expect error
