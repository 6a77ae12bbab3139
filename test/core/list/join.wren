System.print([1, 2, 3].join()) // expect: 123
System.print([1, 2, 3].join(", ")) // expect: 1, 2, 3
System.print([].join(",")) // expect: 
System.print(["a"].join(",")) // expect: a
System.print([[1], null].join("|")) // expect: [1]|null
