// A number out of the double range is a runtime error (strtod's ERANGE), as in the reference.
System.print(Num.fromString("1e308")) // expect: 1e+308
System.print(Num.fromString("-1e999")) // expect runtime error: Number literal is too large.
