System.print(!true) // expect: false
System.print(!false) // expect: true
System.print(!null) // expect: true
System.print(!0) // expect: false
System.print(!"") // expect: false
System.print(!!"x") // expect: true
