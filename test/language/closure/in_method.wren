class Foo {
  construct new(name) { _name = name }
  // Closures inside methods can use fields, this and method parameters.
  greeter(greeting) { Fn.new {|who| "%(greeting) %(who) from %(_name) (%(this.type))" } }
}

var g = Foo.new("foo").greeter("hello")
System.print(g.call("bob")) // expect: hello bob from foo (Foo)
