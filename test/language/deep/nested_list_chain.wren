// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
// snapshot-every: 100000 (saving a heap of 100,000+ objects every 1,000 instructions cannot finish within the timeout)
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
