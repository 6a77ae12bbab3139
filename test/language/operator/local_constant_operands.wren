// `local <op> constant` runs as one fused instruction; jumps into the middle are never fused.
var f = Fn.new {|c, n| (c && n) + 1 }
System.print(f.call(true, 2)) // expect: 3
var g = Fn.new {|n| n < 2 ? n : n - 1 }
System.print(g.call(1)) // expect: 1
System.print(g.call(5)) // expect: 4
var h = Fn.new {|s| s + "!" }
System.print(h.call("hi")) // expect: hi!
System.print(Fiber.new { f.call(false, 2) }.try()) // expect: Bool does not implement '+(_)'.
