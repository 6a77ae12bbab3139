var start = System.clock
System.print(start is Num) // expect: true
var total = 0
for (i in 1..10000) total = total + i
System.print(System.clock >= start) // expect: true
