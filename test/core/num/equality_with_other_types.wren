// == and != accept any operand.
System.print(1 == null) // expect: false
System.print(1 != "x") // expect: true
System.print(0 == false) // expect: false
