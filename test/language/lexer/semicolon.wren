var a = 1; // expect error
