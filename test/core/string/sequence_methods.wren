System.print("abc".map {|c| c + c }.toList) // expect: [aa, bb, cc]
System.print("hello".where {|c| c != "l" }.join()) // expect: heo
System.print("abc".join("-")) // expect: a-b-c
System.print("".isEmpty) // expect: true
System.print("a".isEmpty) // expect: false
System.print("banana".count {|c| c == "a" }) // expect: 3
System.print("abc".toList) // expect: [a, b, c]
System.print("abc".contains("b")) // expect: true
System.print("hello".skip(3).join()) // expect: lo
System.print("hello".take(2).join()) // expect: he
