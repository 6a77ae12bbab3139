// A smaller chain than nested_list_chain, so it also runs when the collector runs after
// every allocation.
var head = []
for (i in 1..5000) head = [head, {"i": i}]
System.gc()
var depth = 0
while (head.count > 0) {
  head = head[0]
  depth = depth + 1
}
System.print(depth) // expect: 5000
