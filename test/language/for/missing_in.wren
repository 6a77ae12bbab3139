for (i [1, 2]) System.print(i) // expect error
