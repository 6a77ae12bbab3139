var list = [1, 2, 3]
list.insert(5, "x") // expect runtime error: Index out of bounds.
