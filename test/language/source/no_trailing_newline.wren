// The last line has no newline.
System.print("no trailing newline") // expect: no trailing newline