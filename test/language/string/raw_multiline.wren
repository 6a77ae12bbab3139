// A raw string whose first and last lines hold only whitespace drops those lines.
var text = """
  indented one
    indented two
  """
System.print(text)
// expect:   indented one
// expect:     indented two
System.print(text.count) // expect: 31
