var s = "héllo"
System.print(s.bytes.count) // expect: 6
System.print(s.bytes[0]) // expect: 104
System.print(s.bytes[1]) // expect: 195
System.print(s.bytes[-1]) // expect: 111
System.print(s.bytes.toList) // expect: [104, 195, 169, 108, 108, 111]
System.print("".bytes.count) // expect: 0
s.bytes[6] // expect runtime error: Index out of bounds.
