// Output is the bytes of the string, up to a NUL byte, not re-encoded.
System.print("\xff\x00tail".bytes.count) // expect: 6
