// Ranges bind looser than arithmetic but tighter than shifts and comparison.
System.print(1..2 + 1) // expect: 1..3
System.print(1 + 1...5 - 1) // expect: 2...4
System.print((1..3).count) // expect: 3
System.print(1..3 == (1..3)) // expect: true
