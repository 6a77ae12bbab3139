var fns = []
var i = 1
while (i <= 3) {
  var captured = i * i
  fns.add(Fn.new { captured })
  i = i + 1
}
for (f in fns) System.print(f.call())
// expect: 1
// expect: 4
// expect: 9
