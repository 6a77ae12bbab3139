var f = Fn.new {
  Missing.call() // expect error
  Missing.call()
}
Missing.call()
