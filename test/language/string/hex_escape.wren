System.print("\x41\x62\x7a") // expect: Abz
System.print("\x00\x7f\xff".bytes.toList) // expect: [0, 127, 255]
System.print("\xAb\xcD".bytes.toList) // expect: [171, 205]
// A \x escape makes a single byte, so invalid UTF-8 can be built byte by byte.
System.print("\xc3\xa9" == "é") // expect: true
System.print("\xff".bytes.count) // expect: 1
