var s = "héllo"
System.print(s.codePoints.toList) // expect: [104, 233, 108, 108, 111]
System.print(s.codePoints[0]) // expect: 104
System.print(s.codePoints[1]) // expect: 233
// In the middle of a UTF-8 sequence.
System.print(s.codePoints[2]) // expect: -1
System.print(s.codePoints.count) // expect: 5
System.print("\U0001F600".codePoints[0]) // expect: 128512
