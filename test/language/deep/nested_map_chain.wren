// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
// snapshot-every: 100000 (saving a heap of 100,000+ objects every 1,000 instructions cannot finish within the timeout)
var head = {}
for (i in 1..200000) head = {"next": head}
System.gc()

var depth = 0
var node = head
while (node.containsKey("next")) {
  node = node["next"]
  depth = depth + 1
}
System.print(depth) // expect: 200000
head = node = null
System.gc()
System.print("ok") // expect: ok
