foreign var x = 1 // expect error
