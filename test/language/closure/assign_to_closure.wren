var f
var g

{
  var local = "local"
  f = Fn.new {
    System.print(local)
    local = "after f"
    System.print(local)
  }

  local = "after f"
  g = Fn.new {
    System.print(local)
    local = "after g"
    System.print(local)
  }
}

f.call()
// expect: after f
// expect: after f

g.call()
// expect: after f
// expect: after g
