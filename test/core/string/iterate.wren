for (c in "héllo") System.print(c)
// expect: h
// expect: é
// expect: l
// expect: l
// expect: o
System.print("abc".iterate(null)) // expect: 0
System.print("abc".iterate(0)) // expect: 1
System.print("abc".iterate(2)) // expect: false
System.print("héllo".iterate(1)) // expect: 3
System.print("héllo".iteratorValue(1)) // expect: é
System.print("".iterate(null)) // expect: false
