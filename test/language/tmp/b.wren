System.print("hi") // expect: hi
1.foo // expect runtime error: Num does not implement 'foo'.
