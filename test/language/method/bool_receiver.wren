true.bar(1) // expect runtime error: Bool does not implement 'bar(_)'.
