// Values stated by the Num documentation.
System.print(Num.tau == 2 * Num.pi) // expect: true
System.print(Num.infinity == 1 / 0) // expect: true
System.print(Num.nan.isNan) // expect: true
System.print(Num.smallest > 0) // expect: true
System.print(Num.largest * 2) // expect: infinity
System.print(1.5.round) // expect: 2
System.print((-3.2).round) // expect: -3
System.print((-3.7).round) // expect: -4
System.print(1.5.fraction) // expect: 0.5
System.print((-3.2).fraction < 0) // expect: true
System.print(1.5.truncate) // expect: 1
System.print((-3.2).truncate) // expect: -3
System.print((-8).cbrt) // expect: -2
System.print((-1).log.isNan) // expect: true
System.print((-8).log2.isNan) // expect: true
System.print((-8).pow(0.5).isNan) // expect: true
System.print(1.exp == Num.fromString("2.718281828459045")) // expect: true
System.print(0.log) // expect: -infinity
// % keeps the sign of the dividend.
System.print(-7.5 % 2) // expect: -1.5
System.print(7.5 % -2) // expect: 1.5
// Bitwise operators work on the numbers converted to 32-bit unsigned integers.
System.print(~1.5) // expect: 4294967294
System.print(~0xffffffff) // expect: 0
System.print(6 ^ 3) // expect: 5
System.print(1.9 | 2.9) // expect: 3
System.print(0xf0000000 >> 28) // expect: 15
System.print(3 << 1.5) // expect: 6
System.print(5.sign) // expect: 1
System.print((-0.5).sign) // expect: -1
System.print(7.min(7)) // expect: 7
System.print(2.clamp(3, 4)) // expect: 3
System.print(99999.isInfinity) // expect: false
System.print(Num.fromString("-0")) // expect: -0
