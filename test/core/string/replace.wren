System.print("abc abc".replace("b", "X")) // expect: aXc aXc
System.print("aaa".replace("a", "bb")) // expect: bbbbbb
System.print("hello".replace("xyz", "!")) // expect: hello
System.print("hello".replace("l", "")) // expect: heo
System.print("a.b.c".replace(".", "::")) // expect: a::b::c
