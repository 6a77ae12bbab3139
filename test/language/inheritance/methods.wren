class Animal {
  construct new(name) { _name = name }
  name { _name }
  speak { "%(name) makes a sound" }
  describe { "I am %(name): %(speak)" }
}

class Dog is Animal {
  construct new(name) { super(name) }
  speak { "%(name) barks" }
}

var a = Animal.new("generic")
var d = Dog.new("rex")
System.print(a.describe) // expect: I am generic: generic makes a sound
// Overridden methods are dispatched dynamically, even from superclass methods.
System.print(d.describe) // expect: I am rex: rex barks
