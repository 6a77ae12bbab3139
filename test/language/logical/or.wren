// || returns the first truthy operand, or the last operand.
System.print(false || 1) // expect: 1
System.print(1 || 2) // expect: 1
System.print(null || false) // expect: false
System.print(false || null || "last") // expect: last
System.print(false || false || false) // expect: false
