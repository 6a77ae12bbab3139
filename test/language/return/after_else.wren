var f = Fn.new {
  if (false) "no" else return "ok"
}
System.print(f.call()) // expect: ok
