1 + "1" // expect runtime error: Right operand must be a number.
