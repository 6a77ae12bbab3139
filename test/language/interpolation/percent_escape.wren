System.print("100\%") // expect: 100%
System.print("\%(not interpolated)") // expect: %(not interpolated)
