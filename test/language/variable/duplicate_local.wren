{
  var a = "first"
  var a = "second" // expect error
}
