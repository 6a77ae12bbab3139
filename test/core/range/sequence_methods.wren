System.print((1..5).map {|x| x * x }.toList) // expect: [1, 4, 9, 16, 25]
System.print((1..10).where {|x| x % 3 == 0 }.toList) // expect: [3, 6, 9]
System.print((1..4).reduce {|a, b| a * b }) // expect: 24
System.print((1..4).reduce(10) {|a, b| a + b }) // expect: 20
System.print((1..5).count) // expect: 5
System.print((1..5).contains(3)) // expect: true
System.print((1..5).contains(6)) // expect: false
System.print((1..3).join(",")) // expect: 1,2,3
System.print((1...1).isEmpty) // expect: true
