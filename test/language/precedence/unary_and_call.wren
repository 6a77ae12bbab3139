// A method call binds tighter than unary minus.
System.print(-2.abs) // expect: -2
System.print((-2).abs) // expect: 2
System.print(!true.toString.isEmpty) // expect: true
