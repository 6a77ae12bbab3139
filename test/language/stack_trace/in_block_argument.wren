// Frames of core methods written in Wren (here List.map/toList) are not shown, so the
// innermost frame is the block.
[1, 2, 3].map {|x|
  return x / "zero" // expect runtime error: Right operand must be a number.
}.toList
