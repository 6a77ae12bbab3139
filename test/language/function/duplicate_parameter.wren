var f = Fn.new {|a, a| a } // expect error
