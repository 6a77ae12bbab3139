System.print(Fn.new {}) // expect: <fn>
System.print(Fn.new {|x| x }.toString) // expect: <fn>
