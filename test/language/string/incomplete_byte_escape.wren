System.print("\x4") // expect error
