var r = 1..3
System.print(r.iterate(null)) // expect: 1
System.print(r.iterate(1)) // expect: 2
System.print(r.iterate(3)) // expect: false
System.print(r.iteratorValue(2)) // expect: 2
System.print((1...1).iterate(null)) // expect: false
