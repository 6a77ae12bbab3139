System.print("\u00zz") // expect error
