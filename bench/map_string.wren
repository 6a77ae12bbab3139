// Map with string keys built by interpolation: insert, look up, remove.

var map = {}
var n = 100000

for (i in 1..n) {
  map["key %(i)"] = i
}
for (i in 1..n) {
  map["%(i) value"] = -i
}
System.print("size after inserts: %(map.count)")

var sum = 0
for (i in 1..n) {
  sum = sum + map["key %(i)"] + map["%(i) value"]
}
var hits = 0
for (i in 1..n) {
  if (map["key %(i)"] == i) hits = hits + 1
  if (map.containsKey("key %(i + n)")) hits = hits - 1
}
System.print("sum of lookups: %(sum), hits: %(hits)")

var removed = 0
for (i in 1..n) {
  removed = removed + map.remove("key %(i)")
}
System.print("sum of removed values: %(removed), size after removes: %(map.count)")
