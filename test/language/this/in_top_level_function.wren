Fn.new {
  this // expect error
}
