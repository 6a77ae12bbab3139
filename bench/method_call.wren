// Dynamic dispatch: a small class hierarchy with overridden methods and
// getters, some of which chain to the superclass with `super`, called in a
// long loop on receivers of different classes.

class Switch {
  construct new(on) {
    _on = on
  }

  on { _on }
  on=(value) { _on = value }

  flip() {
    _on = !_on
    return this
  }

  weight { 1 }
}

// Only really flips on every nth call; otherwise just counts.
class SlowSwitch is Switch {
  construct new(on, period) {
    super(on)
    _period = period
    _count = 0
  }

  flip() {
    _count = _count + 1
    if (_count == _period) {
      _count = 0
      super.flip()
    }
    return this
  }

  weight { super.weight + 1 }
}

// Flips twice through the parent chain, so it ends up where it began,
// then once more: a triple hop through `super`.
class NoisySwitch is SlowSwitch {
  construct new(on) {
    super(on, 1)
  }

  flip() {
    super.flip()
    super.flip()
    return super.flip()
  }

  weight { super.weight * 2 }
}

var n = 400000

var plain = Switch.new(true)
var value = true
for (i in 1..n) {
  value = plain.flip().on
  value = plain.flip().on
  value = plain.flip().on
}
System.print("switch: %(value)")

var slow = SlowSwitch.new(true, 3)
for (i in 1..n) {
  value = slow.flip().on
  value = slow.flip().on
  value = slow.flip().on
}
System.print("slow switch: %(value)")

var noisy = NoisySwitch.new(false)
for (i in 1..n) {
  value = noisy.flip().on
}
System.print("noisy switch: %(value)")

// Polymorphic call sites: the same call site sees three receiver classes.
var switches = [Switch.new(false), SlowSwitch.new(false, 2), NoisySwitch.new(false)]
var onCount = 0
var weights = 0
for (i in 1..n) {
  var s = switches[i % 3]
  if (s.flip().on) onCount = onCount + 1
  weights = weights + s.weight
}
System.print("mixed: %(onCount) on, total weight %(weights)")
