var result = []
for (a in 1..3) {
  for (b in a..3) {
    result.add("%(a)%(b)")
  }
}
System.print(result.join(" ")) // expect: 11 12 13 22 23 33
