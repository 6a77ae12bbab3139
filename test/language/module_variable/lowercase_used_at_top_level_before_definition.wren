System.print(value)
var value = 1 // expect error
