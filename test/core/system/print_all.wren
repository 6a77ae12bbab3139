System.printAll(["a", 1, null, true]) // expect: a1nulltrue
System.printAll([]) // expect: 
System.writeAll([1, 2])
System.writeAll(3..4)
System.print() // expect: 1234
