System.print("one") // expect: one
System.print("two") // expect: two
var list = [1, 2]
list[2] // expect runtime error: Subscript out of bounds.
System.print("never")
