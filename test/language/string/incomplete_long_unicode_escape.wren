System.print("\U0001F6") // expect error
