System.print(3.min(5)) // expect: 3
System.print(3.max(5)) // expect: 5
System.print((-1).min(-2)) // expect: -2
System.print(10.clamp(0, 5)) // expect: 5
System.print((-10).clamp(0, 5)) // expect: 0
System.print(3.clamp(0, 5)) // expect: 3
