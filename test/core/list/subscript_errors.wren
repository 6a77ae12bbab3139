var list = [1, 2, 3]
var attempts = [
  Fn.new { list[3] },
  Fn.new { list[-4] },
  Fn.new { list[1.5] },
  Fn.new { list["1"] },
  Fn.new { list[0..3] },
  Fn.new { list[4..5] },
  Fn.new { list[3] = 1 },
  Fn.new { list[1.5] = 1 },
  Fn.new { list["x"] = 1 }
]
for (f in attempts) System.print(Fiber.new(f).try())
// expect: Subscript out of bounds.
// expect: Subscript out of bounds.
// expect: Subscript must be an integer.
// expect: Subscript must be a number or a range.
// expect: Range end out of bounds.
// expect: Range start out of bounds.
// expect: Subscript out of bounds.
// expect: Subscript must be an integer.
// expect: Subscript must be a number.
