System.print("\"".bytes.toList) // expect: [34]
System.print("\\".bytes.toList) // expect: [92]
System.print("\%".bytes.toList) // expect: [37]
System.print("\0".bytes.toList) // expect: [0]
System.print("\a".bytes.toList) // expect: [7]
System.print("\b".bytes.toList) // expect: [8]
System.print("\e".bytes.toList) // expect: [27]
System.print("\f".bytes.toList) // expect: [12]
System.print("\n".bytes.toList) // expect: [10]
System.print("\r".bytes.toList) // expect: [13]
System.print("\t".bytes.toList) // expect: [9]
System.print("\v".bytes.toList) // expect: [11]
System.print("a\0b".count) // expect: 3
System.print("quote: \"hi\"") // expect: quote: "hi"
