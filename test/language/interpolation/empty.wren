System.print("%()") // expect error
