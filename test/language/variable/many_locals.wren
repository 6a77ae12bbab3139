// A function may have many locals in scope at once.
{
  var a0 = 0
  var a1 = 1
  var a2 = 2
  var a3 = 3
  var a4 = 4
  var a5 = 5
  var a6 = 6
  var a7 = 7
  var a8 = 8
  var a9 = 9
  var a10 = 10
  var a11 = 11
  var a12 = 12
  var a13 = 13
  var a14 = 14
  var a15 = 15
  var a16 = 16
  var a17 = 17
  var a18 = 18
  var a19 = 19
  System.print(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15 + a16 + a17 + a18 + a19) // expect: 190
}
