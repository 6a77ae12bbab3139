// A number out of the double range parses as nothing, like any other non-number.
System.print(Num.fromString("1e999")) // expect: null
System.print(Num.fromString("-1e999")) // expect: null
System.print(Num.fromString("1e308")) // expect: 1e+308
