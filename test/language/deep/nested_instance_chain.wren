// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
// snapshot-every: 100000 (saving a heap of 100,000+ objects every 1,000 instructions cannot finish within the timeout)
class Node {
  construct new(next) { _next = next }
  next { _next }
}

var head = null
for (i in 1..200000) head = Node.new(head)
System.gc()

var depth = 0
while (head != null) {
  head = head.next
  depth = depth + 1
}
System.print(depth) // expect: 200000
System.gc()
