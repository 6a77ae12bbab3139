// Strings are value types: equal strings are the same key.
var map = {}
map["key"] = 1
map["k" + "ey"] = 2
System.print(map.count) // expect: 1
System.print(map["key"]) // expect: 2
