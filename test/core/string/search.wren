var s = "hello world"
System.print(s.contains("lo w")) // expect: true
System.print(s.contains("xyz")) // expect: false
System.print(s.startsWith("hell")) // expect: true
System.print(s.startsWith("world")) // expect: false
System.print(s.endsWith("world")) // expect: true
System.print(s.endsWith("hello world!")) // expect: false
System.print(s.indexOf("o")) // expect: 4
System.print(s.indexOf("o", 5)) // expect: 7
System.print(s.indexOf("o", -4)) // expect: 7
System.print(s.indexOf("z")) // expect: -1
System.print("héllo".indexOf("l")) // expect: 3
