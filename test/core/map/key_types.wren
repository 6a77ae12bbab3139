class Foo {}
var map = {}
map[1] = "num"
map["1"] = "string"
map[true] = "true"
map[false] = "false"
map[null] = "null"
map[1..2] = "range"
map[1...2] = "exclusive range"
map[Foo] = "class"
System.print(map.count) // expect: 8
System.print(map[1]) // expect: num
System.print(map[1.0]) // expect: num
System.print(map["1"]) // expect: string
System.print(map[true]) // expect: true
System.print(map[false]) // expect: false
System.print(map[null]) // expect: null
System.print(map[1..2]) // expect: range
System.print(map[1...2]) // expect: exclusive range
System.print(map[Foo]) // expect: class
