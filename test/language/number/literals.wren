System.print(123) // expect: 123
System.print(987654321) // expect: 987654321
System.print(0) // expect: 0
System.print(-0) // expect: -0
System.print(1.5) // expect: 1.5
System.print(-0.25) // expect: -0.25
System.print(000123) // expect: 123
System.print(3.0) // expect: 3
