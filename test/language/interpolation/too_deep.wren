// Interpolation may nest at most 8 levels deep.
System.print("1%("2%("3%("4%("5%("6%("7%("8%("9 %(10)")")")")")")")")") // expect error
