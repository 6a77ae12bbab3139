var map = {}
for (i in 1..10000) map[i] = i * i
System.print(map.count) // expect: 10000
System.print(map[100]) // expect: 10000
for (i in 1..5000) map.remove(i * 2)
System.print(map.count) // expect: 5000
System.print(map[99]) // expect: 9801
System.print(map[100]) // expect: null
var total = 0
for (v in map.values) total = total + 1
System.print(total) // expect: 5000
