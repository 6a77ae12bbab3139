var list = [1, 2, 3]
list[3] // expect runtime error: Subscript out of bounds.
