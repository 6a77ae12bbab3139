// A comment on its own line.
System.print("ok") // expect: ok
// A comment at the end of the file without content after it.
