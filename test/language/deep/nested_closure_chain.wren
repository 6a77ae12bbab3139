// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
// snapshot-every: 100000 (saving a heap of 100,000+ objects every 1,000 instructions cannot finish within the timeout)
// Each closure captures the previous one.
var f = Fn.new { 0 }
for (i in 1..100000) {
  var previous = f
  f = Fn.new { previous }
}
System.gc()

var depth = 0
var g = f
while (g is Fn) {
  var next = g.call()
  if (!(next is Fn)) break
  g = next
  depth = depth + 1
}
System.print(depth) // expect: 100000
