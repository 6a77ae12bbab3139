var list = ["a", "b", "c"]
System.print(list[0]) // expect: a
System.print(list[2]) // expect: c
System.print(list[-1]) // expect: c
System.print(list[-3]) // expect: a
System.print(list[0..1]) // expect: [a, b]
System.print(list[1...3]) // expect: [b, c]
System.print(list[-2..-1]) // expect: [b, c]
System.print(list[2..0]) // expect: [c, b, a]
System.print(list[3..-1]) // expect: []
System.print(list[0...0]) // expect: []
System.print(list[0..-1] == list) // expect: false
