System.print(1e3) // expect: 1000
System.print(1E3) // expect: 1000
System.print(2.5e2) // expect: 250
System.print(1e+2) // expect: 100
System.print(1e-2) // expect: 0.01
System.print(15e-1) // expect: 1.5
System.print(1e20) // expect: 1e+20
System.print(1.5e300 * 1e10) // expect: infinity
