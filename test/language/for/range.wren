for (i in 1..3) System.print(i)
// expect: 1
// expect: 2
// expect: 3
for (i in 1...3) System.print(i)
// expect: 1
// expect: 2
for (i in 3..1) System.print(i)
// expect: 3
// expect: 2
// expect: 1
