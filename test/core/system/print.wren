System.print("string") // expect: string
System.print(123) // expect: 123
System.print(null) // expect: null
System.print([1, "a"]) // expect: [1, a]
System.print() // expect: 
System.print("after empty") // expect: after empty
System.print(System.print("returns its argument")) // expect: returns its argument
// expect: returns its argument
