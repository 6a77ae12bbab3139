// A metaclass's methods expect a class as their receiver, so no class may inherit from one
// (the reference accepts this and then treats instances as classes).
class Bar {
  construct new() {}
}
var Meta = Bar.type
class Foo is Meta { // expect runtime error: Class 'Foo' cannot inherit from metaclass 'Bar metaclass'.
  construct make() {}
}
