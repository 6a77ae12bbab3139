// `for` over a list: the iterate/iteratorValue protocol on List.

var list = []
for (i in 0...1000000) list.add(i)

var total = 0
for (round in 1..10) {
  for (value in list) {
    total = total + value
  }
}
System.print("list size: %(list.count)")
System.print("sum of elements over 10 rounds: %(total)")
