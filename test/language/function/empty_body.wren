var f = Fn.new {}
System.print(f.call()) // expect: null
