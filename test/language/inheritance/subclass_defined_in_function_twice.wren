// A subclass defined inside a function that runs twice: each run binds the same compiled
// methods again, to a new class. Binding copies a method's code to shift its field offsets
// past the superclass's fields; the shared code is never edited, so the second class's
// instances see their own fields.
class Base {
  construct new() { _a = "base" }
  a { _a }
}

var make = Fn.new {|n|
  class Derived is Base {
    construct new(b) {
      super()
      _b = b
    }
    b { _b }
    both { a + " " + _b }
  }
  return Derived.new(n)
}

var first = make.call("one")
var second = make.call("two")
System.print(first.both)  // expect: base one
System.print(second.both) // expect: base two
System.print(first.b)     // expect: one
System.print(second.a)    // expect: base
