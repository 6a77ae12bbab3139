var list = []
System.print(list.add(1)) // expect: 1
list.add("two")
list.add([3])
System.print(list) // expect: [1, two, [3]]
System.print(list.count) // expect: 3
// A list can contain itself.
list.add(list)
System.print(list.count) // expect: 4
System.print(list[3] == list) // expect: true
