System.print(null) // expect: null
System.print(null == null) // expect: true
System.print(null == false) // expect: false
System.print(null is Null) // expect: true
System.print(null.type) // expect: Null
