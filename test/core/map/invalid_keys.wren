class Foo {
  construct new() {}
}
var map = {}
var attempts = [
  Fn.new { map[[1]] = 1 },
  Fn.new { map[{}] },
  Fn.new { map[Foo.new()] = 1 },
  Fn.new { map.containsKey(Fn.new {}) },
  Fn.new { map.remove([]) },
  Fn.new { {[]: 1} }
]
for (f in attempts) System.print(Fiber.new(f).try())
// expect: Key must be a value type.
// expect: Key must be a value type.
// expect: Key must be a value type.
// expect: Key must be a value type.
// expect: Key must be a value type.
// expect: Key must be a value type.
