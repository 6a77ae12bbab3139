var s = "text"
System.print(s.toString) // expect: text
System.print(s.toString == s) // expect: true
System.print("%(s)") // expect: text
