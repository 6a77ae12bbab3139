var fns = []
for (i in 1..3) {
  fns.add(Fn.new { i })
}
for (f in fns) System.print(f.call())
// expect: 1
// expect: 2
// expect: 3
