import shapes for Square // expect error
