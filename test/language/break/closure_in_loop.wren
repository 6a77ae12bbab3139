// Breaking out of a loop closes upvalues for locals declared in the body.
var f
while (true) {
  var local = "local"
  f = Fn.new { System.print(local) }
  break
}
f.call() // expect: local

var g
for (i in 1..10) {
  var captured = i * 10
  g = Fn.new { captured }
  if (i == 2) break
}
System.print(g.call()) // expect: 20
