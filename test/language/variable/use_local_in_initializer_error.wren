{
  var b = b // expect error
}
