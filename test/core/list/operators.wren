var a = [1, 2]
var b = [3]
System.print(a + b) // expect: [1, 2, 3]
System.print(a) // expect: [1, 2]
System.print(a + (4..5)) // expect: [1, 2, 4, 5]
System.print(a * 3) // expect: [1, 2, 1, 2, 1, 2]
System.print(a * 0) // expect: []
System.print([] + []) // expect: []
System.print(a == a) // expect: true
System.print(a == [1, 2]) // expect: false
