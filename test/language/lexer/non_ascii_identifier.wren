var café = 1 // expect error
