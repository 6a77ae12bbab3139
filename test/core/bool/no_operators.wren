true + false // expect runtime error: Bool does not implement '+(_)'.
