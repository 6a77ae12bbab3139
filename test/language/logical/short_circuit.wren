var calls = []
var t = Fn.new {|name|
  calls.add(name)
  return true
}
var f = Fn.new {|name|
  calls.add(name)
  return false
}

f.call("a") && t.call("never")
t.call("b") || t.call("never")
t.call("c") && f.call("d") || t.call("e")
System.print(calls) // expect: [a, b, c, d, e]
