// Prefix ! binds tighter than "is".
System.print(!1 is Bool) // expect: true
System.print(!(1 is Num)) // expect: false
System.print(!true == false) // expect: true
