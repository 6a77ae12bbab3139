// String equality: equal strings that are distinct objects, strings differing
// only in the last character, strings of different lengths, and identical
// objects.

var base = "abcdefghijklmnopqrstuvwxyz0123456789"
var strings = [
  base,
  "abcdefghijklmnopqrstuvwxyz" + "0123456789",
  "abcdefghijklmnopqrstuvwxyz012345678X",
  "abcdefghijklmnopqrstuvwxyz",
  "%(base)",
  "",
  "a",
  "Abcdefghijklmnopqrstuvwxyz0123456789"
]

var equal = 0
var unequal = 0
for (round in 1..400000) {
  for (s in strings) {
    if (s == base) {
      equal = equal + 1
    } else {
      unequal = unequal + 1
    }
    if (s != "a") {
      unequal = unequal + 1
    } else {
      equal = equal + 1
    }
  }
}
System.print("equal: %(equal), unequal: %(unequal)")
