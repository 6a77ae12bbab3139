var f = Fn.new {
  return
}
System.print(f.call()) // expect: null
