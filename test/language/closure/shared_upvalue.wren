// Two closures over the same variable see each other's writes.
var get
var set
{
  var value = "initial"
  get = Fn.new { value }
  set = Fn.new {|v| value = v }
  System.print(get.call()) // expect: initial
  set.call("while open")
  System.print(value) // expect: while open
}
// After the variable goes out of scope they still share it.
System.print(get.call()) // expect: while open
set.call("after close")
System.print(get.call()) // expect: after close
