var list = ["a", "b"]
System.print(list.iterate(null)) // expect: 0
System.print(list.iterate(0)) // expect: 1
System.print(list.iterate(1)) // expect: false
System.print(list.iteratorValue(1)) // expect: b
System.print([].iterate(null)) // expect: false
System.print(list.iterate(-1)) // expect: false
