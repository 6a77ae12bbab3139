var f = Fn.new {|a, b, c| a }
f.call(1, 2) // expect runtime error: Function expects more arguments.
