var s = "a %(
  1 + 2
) b"
System.print(s) // expect: a 3 b
