System.print([]) // expect: []
System.print([1]) // expect: [1]
System.print([1, "two", null, true, [3]]) // expect: [1, two, null, true, [3]]
// A trailing comma is allowed.
System.print([1, 2,]) // expect: [1, 2]
var multi = [
  "a",
  "b",
]
System.print(multi) // expect: [a, b]
System.print([1 + 1, [2 * 2]]) // expect: [2, [4]]
