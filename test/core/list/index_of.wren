var list = [1, "two", 3, "two", null]
System.print(list.indexOf("two")) // expect: 1
System.print(list.indexOf(3)) // expect: 2
System.print(list.indexOf(null)) // expect: 4
System.print(list.indexOf(42)) // expect: -1
System.print([].indexOf(1)) // expect: -1
