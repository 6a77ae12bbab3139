var s = "a\u00e9\u20ac"
System.print(s.byteAt(0)) // expect: 97
System.print(s.byteAt(1)) // expect: 195
System.print(s.byteAt(-1)) // expect: 172
System.print(s.codePointAt(1)) // expect: 233
System.print(s.codePointAt(2)) // expect: -1
System.print(s.codePointAt(3)) // expect: 8364
s.byteAt(6) // expect runtime error: Index out of bounds.
