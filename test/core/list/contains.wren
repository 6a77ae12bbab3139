var list = [1, "two", [3]]
System.print(list.contains(1)) // expect: true
System.print(list.contains("two")) // expect: true
System.print(list.contains([3])) // expect: false
System.print(list.contains(4)) // expect: false
