// codePoints[_] is -1 where no valid UTF-8 sequence starts, including one cut short by the
// end of the string; subscripting returns the lone byte there instead.
var cut = "a\xe2\x82"
System.print(cut.codePoints[0]) // expect: 97
System.print(cut.codePoints[1]) // expect: -1
System.print(cut.codePoints[2]) // expect: -1
System.print(cut[1].bytes.toList) // expect: [226]
System.print("\xff".codePoints[0]) // expect: -1
System.print("\xff"[0].bytes.toList) // expect: [255]
System.print("\xe2\x82\xac".codePoints[0]) // expect: 8364
// Iteration steps to the next byte that is not a UTF-8 continuation byte, so the stray
// continuation byte is stepped over, while other invalid bytes are visited one by one.
System.print(cut.codePoints.toList) // expect: [97, -1]
System.print(cut.count) // expect: 2
System.print("\xff\xfe".codePoints.toList) // expect: [-1, -1]
System.print("hello".bytes[1]) // expect: 101
