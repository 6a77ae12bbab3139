2.pow("2") // expect runtime error: Power value must be a number.
