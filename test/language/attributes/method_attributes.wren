class Foo {
  #!test
  method() {}

  #!arity = 2
  #!meta(kind = "static")
  static helper(a, b) {}

  #!getter
  value { 1 }

  plain() {}
}

var methods = Foo.attributes.methods
System.print(Foo.attributes.self) // expect: null
System.print(methods.count) // expect: 3
System.print(methods["method()"][null]["test"]) // expect: [null]
// Static methods are keyed with a "static " prefix.
System.print(methods["static helper(_,_)"][null]["arity"]) // expect: [2]
System.print(methods["static helper(_,_)"]["meta"]["kind"]) // expect: [static]
System.print(methods["value"][null]["getter"]) // expect: [null]
System.print(methods.containsKey("plain()")) // expect: false
