var list = [1, 2, 3]
System.print(list.all {|x| x > 0 }) // expect: true
System.print(list.all {|x| x > 1 }) // expect: false
System.print(list.any {|x| x > 2 }) // expect: true
System.print(list.any {|x| x > 3 }) // expect: false
System.print([].all {|x| false }) // expect: true
System.print([].any {|x| true }) // expect: false
// all and any return the deciding value of the predicate.
System.print([1, 2].all {|x| x == 1 ? "yes" : null }) // expect: null
System.print([1, 2].any {|x| x == 2 ? "found" : false }) // expect: found
