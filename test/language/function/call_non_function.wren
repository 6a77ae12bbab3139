var notFn = "string"
notFn.call() // expect runtime error: String does not implement 'call()'.
