var map = {"a": 1, "b": 2, "c": 3}
var keys = []
var sum = 0
for (entry in map) {
  keys.add(entry.key)
  sum = sum + entry.value
}
keys.sort {|a, b| a.bytes[0] < b.bytes[0] }
System.print(keys) // expect: [a, b, c]
System.print(sum) // expect: 6
System.print({}.iterate(null)) // expect: false
