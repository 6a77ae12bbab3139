class Counter {
  construct new() { _n = 0 }
  inc { _n = _n + 1 }
}

var c = Counter.new()
System.print(c.inc) // expect: 1
System.print(c.inc) // expect: 2
System.print(c.inc) // expect: 3
