var value = true ?
  "then" :
  "else"
System.print(value) // expect: then
