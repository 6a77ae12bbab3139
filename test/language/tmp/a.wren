System.print("hi") // expect: hi
System.print(1 + 2) // expect: 3
