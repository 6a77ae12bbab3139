System.print("\u00") // expect error
