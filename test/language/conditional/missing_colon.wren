var x = true ? 1 2 // expect error
System.print("x")
