System.print({}) // expect: {}
System.print({"key": "value"}) // expect: {key: value}
System.print({1: [2, 3]}) // expect: {1: [2, 3]}
System.print({null: {true: false}}) // expect: {null: {true: false}}
// With several entries the order is unspecified, but the format is fixed.
var s = {1: 2, 3: 4}.toString
System.print(s == "{1: 2, 3: 4}" || s == "{3: 4, 1: 2}") // expect: true
