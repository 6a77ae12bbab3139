// An upvalue is threaded through several intermediate functions that do not use it.
var outer = Fn.new {
  var x = "x"
  return Fn.new {
    return Fn.new {
      return Fn.new {
        x = x + "!"
        return x
      }
    }
  }
}

var inner = outer.call().call().call()
System.print(inner.call()) // expect: x!
System.print(inner.call()) // expect: x!!
