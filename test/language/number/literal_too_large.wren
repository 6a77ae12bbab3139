var a = 1e999 // expect error
