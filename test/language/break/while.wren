var i = 0
while (true) {
  i = i + 1
  if (i > 3) break
  System.print(i)
}
System.print("done %(i)")
// expect: 1
// expect: 2
// expect: 3
// expect: done 4
