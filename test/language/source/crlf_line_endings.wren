System.print("crlf") // expect: crlf
var s = "a
b"
System.print(s.count) // expect: 3
System.print(s.bytes.toList) // expect: [97, 10, 98]
