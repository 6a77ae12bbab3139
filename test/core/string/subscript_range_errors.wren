var errors = []
for (range in [1..10, 10..11, 1.5..2, 0..1.5, -10..0]) {
  errors.add(Fiber.new { "hello"[range] }.try())
}
for (e in errors) System.print(e)
// expect: Range end out of bounds.
// expect: Range start out of bounds.
// expect: Range start must be an integer.
// expect: Range end must be an integer.
// expect: Range start out of bounds.
