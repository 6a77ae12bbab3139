System.print(1 < 2 == true) // expect: true
System.print(2 > 1 != false) // expect: true
System.print(1 + 1 == 2) // expect: true
System.print(1 <= 1 == 2 >= 2) // expect: true
