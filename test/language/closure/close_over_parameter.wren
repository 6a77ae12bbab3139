var adder = Fn.new {|n| Fn.new {|x| x + n } }
var add5 = adder.call(5)
var add10 = adder.call(10)
System.print(add5.call(1)) // expect: 6
System.print(add10.call(1)) // expect: 11
