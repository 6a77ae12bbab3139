{
  var a = 1
  {
    var b = 2
    {
      var c = 3
      System.print(a + b + c) // expect: 6
    }
    var c = "c again"
    System.print(c) // expect: c again
  }
  var b = "b again"
  System.print(b) // expect: b again
}
