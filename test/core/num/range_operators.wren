var r = 1..5
System.print(r is Range) // expect: true
System.print(r) // expect: 1..5
System.print(1...5) // expect: 1...5
System.print(2.5..4) // expect: 2.5..4
System.print(-1..-3) // expect: -1..-3
