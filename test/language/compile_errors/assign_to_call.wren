var list = [1]
list.count() = 2 // expect error
