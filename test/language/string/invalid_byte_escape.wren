System.print("\xgg") // expect error
