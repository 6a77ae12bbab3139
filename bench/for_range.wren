// `for` over ranges: the iterate/iteratorValue protocol on Range.

var total = 0
for (round in 1..10) {
  for (i in 0...1000000) {
    total = total + i
  }
}
System.print("sum over exclusive ranges: %(total)")

var down = 0
for (i in 1000000..1) {
  down = down + (i % 7)
}
System.print("sum over a descending range: %(down)")
