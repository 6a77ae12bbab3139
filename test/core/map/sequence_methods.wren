var map = {"a": 1}
System.print(map.map {|e| e.value * 10 }.toList) // expect: [10]
System.print(map.count {|e| e.value > 0 }) // expect: 1
System.print(map.isEmpty) // expect: false
System.print({}.isEmpty) // expect: true
