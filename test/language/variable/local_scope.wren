{
  var a = "first"
  System.print(a) // expect: first
}
{
  var a = "second"
  System.print(a) // expect: second
}
