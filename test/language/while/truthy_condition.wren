var items = ["a", "b", null, "c"]
var index = 0
// Loops until the value is null (falsy).
while (items[index]) {
  System.print(items[index])
  index = index + 1
}
// expect: a
// expect: b
