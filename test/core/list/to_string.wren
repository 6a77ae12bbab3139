System.print([]) // expect: []
System.print([1, [2, [3, []]]]) // expect: [1, [2, [3, []]]]
System.print(["a", "b"]) // expect: [a, b]
System.print([null, true, 1.5]) // expect: [null, true, 1.5]
System.print([1..2, {}]) // expect: [1..2, {}]
System.print([1, 2].toString == "[1, 2]") // expect: true
