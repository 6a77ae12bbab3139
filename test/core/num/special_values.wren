System.print(1 / 0) // expect: infinity
System.print(-1 / 0) // expect: -infinity
System.print(0 / 0) // expect: nan
System.print(Num.infinity) // expect: infinity
System.print(-Num.infinity) // expect: -infinity
System.print(Num.nan) // expect: nan
System.print(Num.nan.isNan) // expect: true
System.print(1.isNan) // expect: false
System.print(Num.infinity.isInfinity) // expect: true
System.print((-Num.infinity).isInfinity) // expect: true
System.print(Num.nan.isInfinity) // expect: false
System.print(1e308 * 10) // expect: infinity
