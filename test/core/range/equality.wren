System.print((1..3) == (1..3)) // expect: true
System.print((1..3) == (1...3)) // expect: false
System.print((1..3) == (1..4)) // expect: false
System.print((1..3) != (2..3)) // expect: true
System.print((1..3) == "1..3") // expect: false
