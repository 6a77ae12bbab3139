// Calls through first-class functions, the way a host's callbacks and higher-order code call
// Wren: `Fn.call` with 0 to 3 arguments, closures capturing upvalues, and functions passed
// to and returned from methods.

class Ops {
  static adder(n) { Fn.new {|x| x + n } }
  static twice(f, x) { f.call(f.call(x)) }
}

var counter = 0
var bump = Fn.new { counter = counter + 1 }
var add2 = Fn.new {|a, b| a + b }
var mix3 = Fn.new {|a, b, c| a * b - c }
var inc = Ops.adder(1)

var sum = 0
for (i in 0...1000000) {
  bump.call()
  sum = add2.call(sum, inc.call(i))
  sum = sum - mix3.call(i, 2, i)
  sum = Ops.twice(inc, sum)
}
System.print(counter)
System.print(sum)
