var fns = []
for (i in ["a", "b", "c"]) {
  fns.add(Fn.new { i })
}
System.print(fns.map {|f| f.call() }.toList) // expect: [a, b, c]
