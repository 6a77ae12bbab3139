// gc-stress: skip (collecting after every allocation is quadratic in the heap size)
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
