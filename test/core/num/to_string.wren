System.print(123) // expect: 123
System.print(-123) // expect: -123
System.print(1.5) // expect: 1.5
System.print(0.1 + 0.2) // expect: 0.3
System.print(1 / 3) // expect: 0.33333333333333
System.print(2 / 3) // expect: 0.66666666666667
System.print(100000000000000) // expect: 1e+14
System.print(10000000000000) // expect: 10000000000000
System.print(12345678901234) // expect: 12345678901234
System.print(1e20) // expect: 1e+20
System.print(1.5e-7) // expect: 1.5e-07
System.print(0.0001) // expect: 0.0001
System.print(0.00001) // expect: 1e-05
System.print(-0) // expect: -0
System.print(0 * -1) // expect: -0
System.print(123.456.toString) // expect: 123.456
System.print(1e100) // expect: 1e+100
System.print(123456789.123) // expect: 123456789.123
