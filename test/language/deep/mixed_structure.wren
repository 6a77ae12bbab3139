// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
// snapshot-every: 100000 (saving a heap of 100,000+ objects every 1,000 instructions cannot finish within the timeout)
// Lists inside maps inside lists, 100,000 levels.
var head = null
for (i in 1..100000) {
  if (i % 2 == 0) {
    head = [head, i]
  } else {
    head = {"child": head, "i": i}
  }
}
System.gc()
var count = 0
var node = head
while (node != null) {
  node = node is List ? node[0] : node["child"]
  count = count + 1
}
System.print(count) // expect: 100000
