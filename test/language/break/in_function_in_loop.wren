while (true) {
  var f = Fn.new {
    break // expect error
  }
  break
}
