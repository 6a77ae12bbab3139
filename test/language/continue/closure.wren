// Each iteration gets a fresh variable even when the body continues.
var fns = []
for (i in 1..4) {
  var x = i
  fns.add(Fn.new { x })
  if (i % 2 == 1) continue
  x = x * 100
}
for (f in fns) System.print(f.call())
// expect: 1
// expect: 200
// expect: 3
// expect: 400
