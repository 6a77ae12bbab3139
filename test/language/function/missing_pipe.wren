var f = Fn.new {|a, b a } // expect error
