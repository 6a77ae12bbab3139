// "is" binds looser than comparison but tighter than equality.
System.print(1 < 2 is Bool) // expect: true
System.print(1 is Num == true) // expect: true
System.print(1 + 2 is Num) // expect: true
