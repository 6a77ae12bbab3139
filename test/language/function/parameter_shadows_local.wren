var f = Fn.new {|a|
  var a = "again" // expect error
}
