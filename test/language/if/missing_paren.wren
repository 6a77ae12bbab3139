if true System.print("no") // expect error
System.print("after")
