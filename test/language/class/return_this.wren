class Builder {
  construct new() { _parts = [] }
  add(part) {
    _parts.add(part)
    return this
  }
  build { _parts.join("-") }
}

System.print(Builder.new().add("a").add("b").add("c").build) // expect: a-b-c
