var f

class Foo {
  static method(param) {
    f = Fn.new { System.print(param) }
  }
}

Foo.method("param")
f.call() // expect: param
