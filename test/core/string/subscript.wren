var s = "hello"
System.print(s[0]) // expect: h
System.print(s[4]) // expect: o
System.print(s[-1]) // expect: o
System.print(s[-5]) // expect: h
// Indexes are byte offsets; a multi-byte code point is returned whole.
var t = "héllo"
System.print(t[1]) // expect: é
System.print(t[3]) // expect: l
// Inside a UTF-8 sequence, the single byte is returned.
System.print(t[2].bytes.toList) // expect: [169]
