#tag // expect error
System.print("no")
