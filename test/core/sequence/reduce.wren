System.print([1, 2, 3, 4].reduce {|a, b| a + b }) // expect: 10
System.print([1, 2, 3, 4].reduce(100) {|a, b| a + b }) // expect: 110
System.print(["a", "b", "c"].reduce {|a, b| b + a }) // expect: cba
System.print([5].reduce {|a, b| "never" }) // expect: 5
System.print([].reduce(0) {|a, b| a + b }) // expect: 0
