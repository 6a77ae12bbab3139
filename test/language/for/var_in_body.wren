for (i in [1]) var x = i // expect error
