var F

class Foo {
  static method(param) {
    F = Fn.new { System.print(param) }
  }
}

Foo.method("param")
F.call() // expect: param
