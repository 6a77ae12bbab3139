System.print((((1)))) // expect: 1
System.print((1 + 2) * (3 + 4)) // expect: 21
System.print(("a" + "b").count) // expect: 2
