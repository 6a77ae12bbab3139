System.print(2 + 3 * 4) // expect: 14
System.print((2 + 3) * 4) // expect: 20
System.print(20 - 6 / 2) // expect: 17
System.print(10 - 2 - 3) // expect: 5
System.print(2 * 3 % 4) // expect: 2
System.print(64 / 4 / 2) // expect: 8
System.print(-2 * 3) // expect: -6
System.print(1 + -1) // expect: 0
System.print(- -3) // expect: 3
