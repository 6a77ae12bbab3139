var s = "hello"
System.print(s[1..3]) // expect: ell
System.print(s[1...3]) // expect: el
System.print(s[0..-1]) // expect: hello
System.print(s[-3..-1]) // expect: llo
System.print(s[3..1]) // expect: lle
System.print(s[2...2]) // expect: 
System.print(s[5..-1]) // expect: 
System.print(s[0...5]) // expect: hello
System.print("".count == ""[0..-1].count) // expect: true
