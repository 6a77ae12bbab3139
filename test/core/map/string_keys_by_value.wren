var key = "dyn" + "amic"
var map = {"dynamic": "found"}
System.print(map[key]) // expect: found
System.print(map[1 + 1]) // expect: null
map[2] = "two"
System.print(map[4 / 2]) // expect: two
