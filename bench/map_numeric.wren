// Map with number keys: insert, look up (hits and misses) and remove.

var map = {}
var n = 300000

for (i in 1..n) {
  map[i] = i * 2
}
// Fractional and negative keys too.
for (i in 1..n) {
  map[-i - 0.5] = i
}
System.print("size after inserts: %(map.count)")

var sum = 0
for (i in 1..n) {
  sum = sum + map[i] + map[-i - 0.5]
}
var misses = 0
for (i in n + 1..2 * n) {
  if (map[i] == null) misses = misses + 1
  if (!map.containsKey(i + 0.25)) misses = misses + 1
}
System.print("sum of lookups: %(sum), misses: %(misses)")

var removed = 0
for (i in 1..n) {
  removed = removed + map.remove(i)
  if (i % 2 == 0) map.remove(-i - 0.5)
}
System.print("sum of removed values: %(removed), size after removes: %(map.count)")
