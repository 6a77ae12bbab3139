var f = Fn.new {
  return notDefined // expect error
}
