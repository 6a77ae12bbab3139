System.print("") // expect: 
System.print("a string") // expect: a string
System.print("A~¶Þॐஃ") // expect: A~¶Þॐஃ
System.print("".count) // expect: 0
System.print("tab\there") // expect: tab	here
