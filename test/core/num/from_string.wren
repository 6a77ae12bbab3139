System.print(Num.fromString("123")) // expect: 123
System.print(Num.fromString("-3.5")) // expect: -3.5
System.print(Num.fromString("1e3")) // expect: 1000
System.print(Num.fromString("  42  ")) // expect: 42
System.print(Num.fromString("0x10")) // expect: 16
System.print(Num.fromString("abc")) // expect: null
System.print(Num.fromString("12abc")) // expect: null
System.print(Num.fromString("")) // expect: null
System.print(Num.fromString("1 2")) // expect: null
