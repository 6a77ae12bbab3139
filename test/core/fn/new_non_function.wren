Fn.new(123) // expect runtime error: Argument must be a function.
