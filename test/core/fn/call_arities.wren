var f = Fn.new {|a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p| [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p].join(",") }
System.print(f.call(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)) // expect: 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
var g = Fn.new {|a, b, c| "%(a)%(b)%(c)" }
System.print(g.call(1, 2, 3, 4, 5)) // expect: 123
