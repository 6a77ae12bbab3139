var x = // expect error
