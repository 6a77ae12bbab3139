// Numbers print with up to 14 significant digits.
System.print(123456789012346) // expect: 1.2345678901235e+14
System.print(1e15) // expect: 1e+15
System.print(2.pow(53)) // expect: 9.007199254741e+15
System.print(0.1) // expect: 0.1
System.print(1 / 7) // expect: 0.14285714285714
System.print(100 / 7) // expect: 14.285714285714
System.print(-1 / 3) // expect: -0.33333333333333
System.print(1e-10) // expect: 1e-10
System.print(-Num.nan) // expect: nan
System.print(1 / -0) // expect: -infinity
System.print([-0, 0.5, 1e21]) // expect: [-0, 0.5, 1e+21]
