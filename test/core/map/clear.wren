var map = {1: 2, 3: 4}
System.print(map.clear()) // expect: null
System.print(map.count) // expect: 0
System.print(map[1]) // expect: null
map[5] = 6
System.print(map) // expect: {5: 6}
