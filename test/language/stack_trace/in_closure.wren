var f = Fn.new {
  var g = Fn.new {
    "a" + 1 // expect runtime error: Right operand must be a string.
  }
  g.call()
}
f.call()
