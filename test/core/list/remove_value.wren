var list = [1, 2, 3, 2]
System.print(list.remove(2)) // expect: 2
System.print(list) // expect: [1, 3, 2]
System.print(list.remove(99)) // expect: null
System.print(list) // expect: [1, 3, 2]
System.print(["a", "b"].remove("b")) // expect: b
