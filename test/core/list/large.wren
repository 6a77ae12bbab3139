var list = []
for (i in 0...100000) list.add(i)
System.print(list.count) // expect: 100000
System.print(list[99999]) // expect: 99999
var sum = 0
for (x in list) sum = sum + x
System.print(sum) // expect: 4999950000
while (list.count > 50000) list.removeAt(-1)
System.print(list.count) // expect: 50000
