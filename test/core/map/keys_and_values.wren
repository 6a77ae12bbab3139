var map = {"x": 10, "y": 20}
var keys = map.keys.toList
keys.sort {|a, b| a.bytes[0] < b.bytes[0] }
System.print(keys) // expect: [x, y]
var values = map.values.toList
values.sort()
System.print(values) // expect: [10, 20]
System.print(map.keys.count) // expect: 2
System.print(map.values.contains(20)) // expect: true
System.print({}.keys.toList) // expect: []
