class Broken is Sequence {
  construct new() {}
}

Broken.new().toList // expect runtime error: Broken does not implement 'iterate(_)'.
