// A closure captures the variable, not its value at creation time.
var f
{
  var a = "a"
  f = Fn.new { a }
  a = "changed"
}
System.print(f.call()) // expect: changed
