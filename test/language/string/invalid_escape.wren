System.print("bad \q escape") // expect error
