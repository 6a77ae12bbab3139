var map = Map.new()
System.print(map.count) // expect: 0
System.print(map["missing"]) // expect: null
System.print(map["a"] = 1) // expect: 1
map["b"] = 2
System.print(map.count) // expect: 2
System.print(map["a"]) // expect: 1
map["a"] = "replaced"
System.print(map["a"]) // expect: replaced
System.print(map.count) // expect: 2
