var list = ["a", "b", "c", "d"]
System.print(list.removeAt(1)) // expect: b
System.print(list) // expect: [a, c, d]
System.print(list.removeAt(-1)) // expect: d
System.print(list) // expect: [a, c]
System.print(list.removeAt(0)) // expect: a
System.print(list) // expect: [c]
list.removeAt(1) // expect runtime error: Index out of bounds.
