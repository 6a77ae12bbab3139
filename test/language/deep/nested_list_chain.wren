// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
// A 200,000-deep chain of nested lists: building, collecting and walking it must not
// overflow the native stack.
var head = []
for (i in 1..200000) head = [head]
System.gc()

var depth = 0
var node = head
while (node.count > 0) {
  node = node[0]
  depth = depth + 1
}
System.print(depth) // expect: 200000

// Dropping the only reference makes the whole chain garbage.
head = null
node = null
System.gc()
System.print("collected") // expect: collected
