// && returns the first falsy operand, or the last operand.
System.print(false && 1) // expect: false
System.print(true && 1) // expect: 1
System.print(1 && 2 && 3) // expect: 3
System.print(1 && null && 3) // expect: null
System.print(1 && false && 3) // expect: false
