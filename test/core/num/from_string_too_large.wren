Num.fromString("1e999") // expect runtime error: Number literal is too large.
