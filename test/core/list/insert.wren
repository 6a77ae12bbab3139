var list = [1, 2, 3]
System.print(list.insert(0, "start")) // expect: start
System.print(list) // expect: [start, 1, 2, 3]
list.insert(4, "end")
System.print(list) // expect: [start, 1, 2, 3, end]
list.insert(2, "mid")
System.print(list) // expect: [start, 1, mid, 2, 3, end]
// Negative indexes count from the end; -1 appends.
list.insert(-1, "last")
System.print(list) // expect: [start, 1, mid, 2, 3, end, last]
list.insert(-2, "beforeLast")
System.print(list) // expect: [start, 1, mid, 2, 3, end, beforeLast, last]
