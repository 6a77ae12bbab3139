System.print("a,b,c".split(",")) // expect: [a, b, c]
System.print("a,,b".split(",")) // expect: [a, , b]
System.print("abc".split(",")) // expect: [abc]
System.print("a,".split(",")) // expect: [a, ]
System.print(",a".split(",")) // expect: [, a]
System.print("a--b--c".split("--")) // expect: [a, b, c]
System.print("a,b".split(",").count) // expect: 2
