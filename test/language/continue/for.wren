for (i in 1..6) {
  if (i % 3 == 0) continue
  var local = i * 10
  System.print(local)
}
// expect: 10
// expect: 20
// expect: 40
// expect: 50
