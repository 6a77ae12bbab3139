System.print(1.isInteger) // expect: true
System.print(1.0.isInteger) // expect: true
System.print(1.5.isInteger) // expect: false
System.print((-7).isInteger) // expect: true
System.print(1e300.isInteger) // expect: true
System.print(Num.nan.isInteger) // expect: false
System.print(Num.infinity.isInteger) // expect: false
