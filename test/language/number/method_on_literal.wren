// A "." after a number that is not followed by a digit is a method call.
System.print(1.abs) // expect: 1
System.print(1.5.floor) // expect: 1
System.print(10.toString + "!") // expect: 10!
System.print(3.isInteger) // expect: true
1.foo // expect runtime error: Num does not implement 'foo'.
