System.print("a" + "b") // expect: ab
System.print("" + "") // expect: 
System.print("ab" * 3) // expect: ababab
System.print(("ab" * 0).count) // expect: 0
System.print("x" + 1.toString) // expect: x1
