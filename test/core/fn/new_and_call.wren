var f = Fn.new { "called" }
System.print(f.call()) // expect: called
System.print(f is Fn) // expect: true
System.print(Fn.new {|a| a }.call("arg")) // expect: arg
