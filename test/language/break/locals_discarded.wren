// Locals declared inside the loop body are discarded by break so the stack stays balanced.
var result = []
for (i in 1..3) {
  var a = i
  var b = a * 2
  var c = b * 2
  if (i == 2) break
  result.add(c)
}
var after = "after"
System.print(result) // expect: [4]
System.print(after) // expect: after
