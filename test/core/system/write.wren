System.write("no newline")
System.write(" ")
System.write(42)
System.print()
// expect: no newline 42
System.print(System.write("x")) // expect: xx
