System.print("hi") // expect: ho
System.print("x")
