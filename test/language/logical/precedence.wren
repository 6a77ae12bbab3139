// && binds tighter than ||.
System.print(true || false && false) // expect: true
System.print((true || false) && false) // expect: false
// Both bind looser than comparison and equality.
System.print(1 < 2 && 2 < 3) // expect: true
System.print(1 == 2 || 2 == 2) // expect: true
