System.print(1 + 2) // expect: 3
System.print(5 - 8) // expect: -3
System.print(4 * 2.5) // expect: 10
System.print(7 / 2) // expect: 3.5
System.print(7 % 3) // expect: 1
System.print(-7 % 3) // expect: -1
System.print(7 % -3) // expect: 1
System.print(5.5 % 2) // expect: 1.5
System.print(-(3)) // expect: -3
System.print(2 + 3 * 4 - 6 / 2) // expect: 11
