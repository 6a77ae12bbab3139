var f = Fn.new {
  __field // expect error
}
