System.print("[" + "  hi  ".trim() + "]") // expect: [hi]
System.print("[" + " \t\r\nhi\n".trim() + "]") // expect: [hi]
System.print("[" + "  hi  ".trimStart() + "]") // expect: [hi  ]
System.print("[" + "  hi  ".trimEnd() + "]") // expect: [  hi]
System.print("xyhixy".trim("xy")) // expect: hi
System.print("xyhixy".trimStart("xy")) // expect: hixy
System.print("xyhixy".trimEnd("yx")) // expect: xyhi
System.print("ééaéé".trim("é")) // expect: a
System.print("[" + "   ".trim() + "]") // expect: []
