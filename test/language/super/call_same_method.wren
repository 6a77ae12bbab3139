class Base {
  construct new() {}
  greet(name) { "Hello, %(name)" }
}

class Derived is Base {
  construct new() { super() }
  // A bare "super(...)" calls the superclass method with the same signature.
  greet(name) { super(name) + "!" }
}

System.print(Derived.new().greet("Bob")) // expect: Hello, Bob!
