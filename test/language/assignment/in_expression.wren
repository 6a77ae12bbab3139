var x = 1
var y = (x = 5) + 2
System.print(x) // expect: 5
System.print(y) // expect: 7

// The value of an assignment is the assigned value.
var list = [x = 10, x = 20]
System.print(list) // expect: [10, 20]
System.print(x) // expect: 20
