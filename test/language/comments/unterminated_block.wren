System.print("never")
/* This block comment never ends. // expect error