// A local declared after a closed-over one goes out of scope must not alias the upvalue.
{
  var f
  {
    var a = "a"
    f = Fn.new { System.print(a) }
  }
  {
    var b = "b"
    f.call() // expect: a
  }
}
