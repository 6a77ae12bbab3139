var counter = 0
var bump = Fn.new { counter = counter + 1 }
bump.call()
bump.call()
System.print(counter) // expect: 2
