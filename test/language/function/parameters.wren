var f0 = Fn.new { 0 }
System.print(f0.call()) // expect: 0

var f1 = Fn.new {|a| a }
System.print(f1.call(1)) // expect: 1

var f2 = Fn.new {|a, b| a + b }
System.print(f2.call(1, 2)) // expect: 3

var f3 = Fn.new {|a, b, c| a + b + c }
System.print(f3.call(1, 2, 3)) // expect: 6

var f16 = Fn.new {|a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p|
  return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p
}
System.print(f16.call(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)) // expect: 136
