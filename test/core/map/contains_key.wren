var map = {"a": 1, "nothing": null}
System.print(map.containsKey("a")) // expect: true
System.print(map.containsKey("nothing")) // expect: true
System.print(map.containsKey("b")) // expect: false
System.print(map["nothing"]) // expect: null
