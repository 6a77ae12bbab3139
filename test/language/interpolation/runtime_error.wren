System.print("before %(1.nope) after") // expect runtime error: Num does not implement 'nope'.
