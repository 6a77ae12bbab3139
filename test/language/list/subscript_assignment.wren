var list = [1, 2, 3]
list[0] = "a"
list[-1] = "c"
System.print(list) // expect: [a, 2, c]
System.print(list[1] = "b") // expect: b
System.print(list) // expect: [a, b, c]
var nested = [[1, 2], [3, 4]]
nested[1][0] = 30
System.print(nested) // expect: [[1, 2], [30, 4]]
