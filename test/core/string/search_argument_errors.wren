var errors = []
errors.add(Fiber.new { "a".contains(1) }.try())
errors.add(Fiber.new { "a".startsWith(null) }.try())
errors.add(Fiber.new { "a".endsWith([]) }.try())
errors.add(Fiber.new { "a".indexOf(1) }.try())
errors.add(Fiber.new { "abc".indexOf("a", 5) }.try())
for (e in errors) System.print(e)
// expect: Argument must be a string.
// expect: Argument must be a string.
// expect: Argument must be a string.
// expect: Argument must be a string.
// expect: Start out of bounds.
