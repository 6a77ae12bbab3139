this // expect error
