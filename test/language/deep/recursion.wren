// Deep (but finite) recursion in Wren code.
class R {
  static down(n) { n == 0 ? 0 : down(n - 1) + 1 }
}
System.print(R.down(10000)) // expect: 10000

var count
count = Fn.new {|n| n == 0 ? "bottom" : count.call(n - 1) }
System.print(count.call(10000)) // expect: bottom
