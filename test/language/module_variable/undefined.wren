System.print("never")
System.print(NotDefined) // expect error
