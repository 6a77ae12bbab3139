var i = "outer"
for (i in 1..2) {
  // The loop variable shadows the outer one.
  System.print(i)
}
System.print(i)
// expect: 1
// expect: 2
// expect: outer
