class Calc {
  static apply(a, b, fn) { fn.call(a, b) }
}

System.print(Calc.apply(3, 4) {|x, y| x * y }) // expect: 12
System.print([1, 2, 3].map {|x| x * x }.toList) // expect: [1, 4, 9]
System.print([1, 2, 3, 4].where {|x| x % 2 == 0 }.toList) // expect: [2, 4]
