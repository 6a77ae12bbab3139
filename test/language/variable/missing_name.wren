var = 1 // expect error
