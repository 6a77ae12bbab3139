System.print({}) // expect: {}
System.print({"a": 1}) // expect: {a: 1}
System.print({1: "one"}[1]) // expect: one
var map = {
  "x": 1,
  "y": 2,
}
System.print(map.count) // expect: 2
System.print(map["x"] + map["y"]) // expect: 3
System.print({null: "n", true: "t", false: "f"}[true]) // expect: t
System.print({(1..2): "range"}[1..2]) // expect: range
