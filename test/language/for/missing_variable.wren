for (in [1, 2]) System.print(1) // expect error
