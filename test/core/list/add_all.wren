var list = [1, 2]
System.print(list.addAll([3, 4])) // expect: [3, 4]
System.print(list) // expect: [1, 2, 3, 4]
list.addAll(5..7)
System.print(list) // expect: [1, 2, 3, 4, 5, 6, 7]
list.addAll("ab")
System.print(list) // expect: [1, 2, 3, 4, 5, 6, 7, a, b]
