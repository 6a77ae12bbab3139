System.print(1..3) // expect: 1..3
System.print(1...3) // expect: 1...3
System.print(-1..-5) // expect: -1..-5
System.print(0.5..1.25) // expect: 0.5..1.25
System.print((1..3).toString) // expect: 1..3
