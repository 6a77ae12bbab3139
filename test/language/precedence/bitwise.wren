// From tightest to loosest: shift, &, ^, |.
System.print(1 | 2 ^ 3 & 4) // expect: 3
System.print(6 & 3 | 8) // expect: 10
System.print(1 << 2 + 1) // expect: 8
System.print(1 << 2 | 1) // expect: 5
System.print(12 ^ 10 & 6) // expect: 14
System.print(1 < 2 | 4) // expect: true
