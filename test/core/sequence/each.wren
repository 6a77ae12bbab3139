var total = 0
[1, 2, 3].each {|x| total = total + x }
System.print(total) // expect: 6
(1..3).each {|x| System.print(x) }
// expect: 1
// expect: 2
// expect: 3
