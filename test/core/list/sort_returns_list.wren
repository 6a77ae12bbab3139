// sort() and sort(_) sort in place and return the list itself.
var list = [4, 1, 3, 2]
var sorted = list.sort()
System.print(sorted) // expect: [1, 2, 3, 4]
System.print(Object.same(sorted, list)) // expect: true
System.print(list.sort {|a, b| a > b }) // expect: [4, 3, 2, 1]
System.print([3, 1, 2].sort {|a, b| a < b }) // expect: [1, 2, 3]
// Strings have no <, so they need a comparer.
System.print(["b", "c", "a"].sort {|a, b| a.bytes[0] < b.bytes[0] }) // expect: [a, b, c]
System.print([1].sort()) // expect: [1]
[2, 1].sort(null) // expect runtime error: Comparer must be a function.
