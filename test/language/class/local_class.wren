// Classes can be declared in a local scope.
{
  class Local {
    construct new() {}
    greet { "local" }
  }
  System.print(Local.new().greet) // expect: local
}

var make = Fn.new {
  class Inner {
    construct new() {}
    toString { "inner" }
  }
  return Inner
}

var klass = make.call()
System.print(klass.new()) // expect: inner
// Each call creates a distinct class.
System.print(Object.same(make.call(), klass)) // expect: false
