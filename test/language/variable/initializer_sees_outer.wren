// A local is not in scope in its own initializer, so the name refers to the outer variable.
var a = "outer"
{
  var a = a + " and inner"
  System.print(a) // expect: outer and inner
}
