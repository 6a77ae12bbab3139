var a = 1 $ 2 // expect error
