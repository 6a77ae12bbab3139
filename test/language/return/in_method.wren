class Foo {
  construct new() {}
  early(flag) {
    if (flag) return "early"
    return "late"
  }
  nothing {
    return
  }
  implicit {
    var x = 1
  }
}

var foo = Foo.new()
System.print(foo.early(true)) // expect: early
System.print(foo.early(false)) // expect: late
System.print(foo.nothing) // expect: null
System.print(foo.implicit) // expect: null
