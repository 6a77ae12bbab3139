var log = []
var a = Fn.new { log.add("a") }
var b = Fn.new { log.add("b") }
true ? a.call() : b.call()
false ? a.call() : b.call()
System.print(log) // expect: [a, b]
