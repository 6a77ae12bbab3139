var fns = []
var i = 0
while (i < 3) {
  var j = i
  fns.add(Fn.new { j })
  i = i + 1
}
for (f in fns) System.print(f.call())
// expect: 0
// expect: 1
// expect: 2
