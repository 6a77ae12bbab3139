var f = Fn.new {|a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q| "too many" } // expect error
