System.print(false ? 1 : true ? 2 : 3) // expect: 2
System.print(false ? 1 : false ? 2 : 3) // expect: 3
System.print(true ? (false ? 1 : 2) : 3) // expect: 2
