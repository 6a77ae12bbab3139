// A block with a single expression on the same line is an expression body.
var f = Fn.new { "result" }
System.print(f.call()) // expect: result

// A block with statements on separate lines returns null unless it returns.
var g = Fn.new {
  "discarded"
}
System.print(g.call()) // expect: null

var h = Fn.new {
  return "returned"
}
System.print(h.call()) // expect: returned
