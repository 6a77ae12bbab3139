System.print(12.toString is String) // expect: true
System.print(12.toString.count) // expect: 2
System.print((0.5).toString + "!") // expect: 0.5!
System.print(Num.largest.toString) // expect: 1.7976931348623e+308
