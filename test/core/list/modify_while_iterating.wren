// Iteration re-reads the count each step, so appended elements are visited.
var list = [1, 2, 3]
var seen = []
for (x in list) {
  seen.add(x)
  if (x == 1) list.add(4)
}
System.print(seen) // expect: [1, 2, 3, 4]
