for (i in 1..2) {
  for (j in 1..3) {
    if (j == 2) continue
    System.print("%(i)%(j)")
  }
}
// expect: 11
// expect: 13
// expect: 21
// expect: 23
