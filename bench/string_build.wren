// String building: interpolation, `+` concatenation, join of a list of pieces, and number
// to string conversion, the usual ways a program assembles text.

var total = 0
for (round in 1..200) {
  // Grow a string piece by piece with `+`.
  var s = ""
  for (i in 0...400) {
    s = s + "ab"
  }
  total = total + s.count

  // Interpolate numbers and strings into short strings, many of them.
  var parts = []
  for (i in 0...2000) {
    parts.add("item %(i): %(i * round) units")
  }
  // Join them, a line of ten at a time, and measure.
  for (i in 0...200) {
    total = total + parts[i * 10...i * 10 + 10].join(", ").count
  }

  // Number formatting.
  var digits = 0
  for (i in 0...2000) {
    digits = digits + (i / 7).toString.count
  }
  total = total + digits
}
System.print(total)
