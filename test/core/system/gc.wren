var keep = []
for (i in 1..1000) keep.add([i, "s%(i)"])
System.print(System.gc()) // expect: null
System.print(keep[999][1]) // expect: s1000
System.print(keep.count) // expect: 1000
