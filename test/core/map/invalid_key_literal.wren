var map = {[1]: "list key"} // expect runtime error: Key must be a value type.
