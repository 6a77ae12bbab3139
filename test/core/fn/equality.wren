var f = Fn.new { 1 }
var g = Fn.new { 1 }
System.print(f == f) // expect: true
System.print(f == g) // expect: false
System.print(Fn.new(f) == f) // expect: true
