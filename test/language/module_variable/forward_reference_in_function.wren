// Capitalized module variables can be used in functions and methods before their definition,
// as long as they are defined by the time the code runs.
var f = Fn.new { Later }

class Foo {
  static bar { AlsoLater }
}

var Later = "later"
var AlsoLater = "also later"

System.print(f.call()) // expect: later
System.print(Foo.bar) // expect: also later
