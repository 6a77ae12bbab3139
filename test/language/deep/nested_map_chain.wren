// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
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
