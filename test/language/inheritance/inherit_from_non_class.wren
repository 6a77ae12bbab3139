var NotAClass = "string"
class Foo is NotAClass {} // expect runtime error: Class 'Foo' cannot inherit from a non-class object.
