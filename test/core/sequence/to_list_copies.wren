var list = [1, 2]
var copy = list.toList
copy.add(3)
System.print(list) // expect: [1, 2]
System.print(copy) // expect: [1, 2, 3]
