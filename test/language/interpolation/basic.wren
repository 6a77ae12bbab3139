var name = "world"
System.print("hello %(name)") // expect: hello world
System.print("%(1 + 2)") // expect: 3
System.print("a%(1)b%(2)c") // expect: a1b2c
System.print("%(1)%(2)%(3)") // expect: 123
System.print("%("inner string")") // expect: inner string
System.print("%(null) %(true) %([1, 2])") // expect: null true [1, 2]
