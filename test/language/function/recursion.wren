var Fact = Fn.new {|n| n <= 1 ? 1 : n * Fact.call(n - 1) }
System.print(Fact.call(10)) // expect: 3628800
