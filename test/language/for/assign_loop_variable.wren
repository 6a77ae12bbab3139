// Assigning to the loop variable does not affect iteration.
for (i in 1..3) {
  System.print(i)
  i = 100
}
// expect: 1
// expect: 2
// expect: 3
