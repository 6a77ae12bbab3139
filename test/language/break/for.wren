for (i in [1, 2, 3, 4, 5]) {
  System.print(i)
  if (i == 3) break
}
// expect: 1
// expect: 2
// expect: 3
