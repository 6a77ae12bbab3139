var map = {"a": 1, "b": 2}
System.print(map.remove("a")) // expect: 1
System.print(map.count) // expect: 1
System.print(map.containsKey("a")) // expect: false
System.print(map.remove("missing")) // expect: null
System.print(map.remove("b")) // expect: 2
System.print(map.count) // expect: 0
System.print(map) // expect: {}
