var f = Fn.new {
  System.print(_field) // expect error
}
