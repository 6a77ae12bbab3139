// Break only exits the innermost loop.
for (i in 0..2) {
  for (j in 0..2) {
    if (j == 1) break
    System.print("%(i) %(j)")
  }
}
// expect: 0 0
// expect: 1 0
// expect: 2 0
