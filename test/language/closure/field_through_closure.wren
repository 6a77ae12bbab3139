class Counter {
  construct new() { _count = 0 }
  incrementer { Fn.new { _count = _count + 1 } }
  count { _count }
}

var c = Counter.new()
var inc = c.incrementer
inc.call()
inc.call()
inc.call()
System.print(c.count) // expect: 3
