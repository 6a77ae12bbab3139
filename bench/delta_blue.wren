// DeltaBlue: an incremental dataflow constraint solver (Freeman-Benson,
// Maloney and Borning). Constraints of different strengths relate variables;
// adding or removing a constraint incrementally repairs a "walkabout"
// solution graph, and plans extracted from it are executed to propagate
// values. The workload is the classic pair of tests: a long chain of
// equality constraints and a projection through scale constraints.

// Constraint strengths, strongest first. A required constraint must always
// be satisfied; the others are preferences.
class Strength {
  construct new(rank, name) {
    _rank = rank
    _name = name
  }

  rank { _rank }
  name { _name }
  toString { _name }

  nextWeaker { Strengths[_rank + 1] }

  static stronger(a, b) { a.rank < b.rank }
  static weaker(a, b) { a.rank > b.rank }
  static weakest(a, b) { weaker(a, b) ? a : b }
  static strongest(a, b) { stronger(a, b) ? a : b }
}

var Strengths = [
  Strength.new(0, "required"),
  Strength.new(1, "strongPreferred"),
  Strength.new(2, "preferred"),
  Strength.new(3, "strongDefault"),
  Strength.new(4, "normal"),
  Strength.new(5, "weakDefault"),
  Strength.new(6, "weakest")
]
var REQUIRED = Strengths[0]
var STRONG_PREFERRED = Strengths[1]
var PREFERRED = Strengths[2]
var STRONG_DEFAULT = Strengths[3]
var NORMAL = Strengths[4]
var WEAK_DEFAULT = Strengths[5]
var WEAKEST = Strengths[6]

// Which way a binary constraint propagates.
var NONE = 0
var FORWARD = 1
var BACKWARD = 2

// The planner the constraints being built belong to.
var ThePlanner = null

// A constrained variable: its value, the constraints that mention it, the
// one constraint currently determining it, and bookkeeping for the solver.
class Variable {
  construct new(name, value) {
    _name = name
    _value = value
    _constraints = []
    _determinedBy = null
    _mark = 0
    _walkStrength = WEAKEST
    _stay = true
  }

  name { _name }
  value { _value }
  value=(v) { _value = v }
  constraints { _constraints }
  determinedBy { _determinedBy }
  determinedBy=(c) { _determinedBy = c }
  mark { _mark }
  mark=(m) { _mark = m }
  walkStrength { _walkStrength }
  walkStrength=(s) { _walkStrength = s }
  stay { _stay }
  stay=(s) { _stay = s }

  addConstraint(c) { _constraints.add(c) }

  removeConstraint(c) {
    var i = 0
    while (i < _constraints.count) {
      if (_constraints[i] == c) {
        _constraints.removeAt(i)
      } else {
        i = i + 1
      }
    }
    if (_determinedBy == c) _determinedBy = null
  }

  toString { "%(_name)=%(_value)" }
}

// The abstract constraint. Subclasses define chooseMethod(_), isSatisfied,
// markInputs(_), output, recalculate(), markUnsatisfied(), inputsKnown(_),
// addToGraph(), removeFromGraph() and execute().
class Constraint {
  construct new(strength) {
    _strength = strength
  }

  strength { _strength }
  isInput { false }

  // Adds this constraint to the graph and satisfies it if it can.
  addConstraint() {
    addToGraph()
    ThePlanner.incrementalAdd(this)
  }

  // Tries to satisfy this constraint at the given mark. Returns the
  // constraint it displaced (now unsatisfied), or null.
  satisfy(mark) {
    chooseMethod(mark)
    if (!isSatisfied) {
      if (_strength == REQUIRED) Fiber.abort("Could not satisfy a required constraint.")
      return null
    }
    markInputs(mark)
    var out = output
    var overridden = out.determinedBy
    if (overridden != null) overridden.markUnsatisfied()
    out.determinedBy = this
    if (!ThePlanner.addPropagate(this, mark)) Fiber.abort("Cycle encountered.")
    out.mark = mark
    return overridden
  }

  destroyConstraint() {
    if (isSatisfied) {
      ThePlanner.incrementalRemove(this)
    } else {
      removeFromGraph()
    }
  }
}

// A constraint on a single variable.
class UnaryConstraint is Constraint {
  construct new(variable, strength) {
    super(strength)
    _output = variable
    _satisfied = false
  }

  addToGraph() {
    _output.addConstraint(this)
    _satisfied = false
  }

  chooseMethod(mark) {
    _satisfied = _output.mark != mark &&
        Strength.stronger(strength, _output.walkStrength)
  }

  isSatisfied { _satisfied }
  markInputs(mark) {}
  output { _output }

  recalculate() {
    _output.walkStrength = strength
    _output.stay = !isInput
    if (_output.stay) execute()
  }

  markUnsatisfied() { _satisfied = false }
  inputsKnown(mark) { true }

  removeFromGraph() {
    if (_output != null) _output.removeConstraint(this)
    _satisfied = false
  }
}

// Holds a variable at its value: tells the planner it need not change.
class StayConstraint is UnaryConstraint {
  construct new(variable, strength) {
    super(variable, strength)
    addConstraint()
  }

  execute() {}
}

// Marks a variable as changed from outside by the program.
class EditConstraint is UnaryConstraint {
  construct new(variable, strength) {
    super(variable, strength)
    addConstraint()
  }

  isInput { true }
  execute() {}
}

// A constraint between two variables that can be satisfied in either
// direction.
class BinaryConstraint is Constraint {
  construct new(v1, v2, strength) {
    super(strength)
    _v1 = v1
    _v2 = v2
    _direction = NONE
  }

  v1 { _v1 }
  v2 { _v2 }
  direction { _direction }

  // Picks the direction that overrides the weaker of the two variables'
  // walkabout strengths, unless one end was already fixed at this mark.
  chooseMethod(mark) {
    if (_v1.mark == mark) {
      if (_v2.mark != mark && Strength.stronger(strength, _v2.walkStrength)) {
        _direction = FORWARD
      } else {
        _direction = NONE
      }
      return
    }

    if (_v2.mark == mark) {
      if (_v1.mark != mark && Strength.stronger(strength, _v1.walkStrength)) {
        _direction = BACKWARD
      } else {
        _direction = NONE
      }
      return
    }

    if (Strength.weaker(_v1.walkStrength, _v2.walkStrength)) {
      _direction = Strength.stronger(strength, _v1.walkStrength) ? BACKWARD : NONE
    } else {
      _direction = Strength.stronger(strength, _v2.walkStrength) ? FORWARD : BACKWARD
    }
  }

  addToGraph() {
    _v1.addConstraint(this)
    _v2.addConstraint(this)
    _direction = NONE
  }

  isSatisfied { _direction != NONE }
  markInputs(mark) { input.mark = mark }
  input { _direction == FORWARD ? _v1 : _v2 }
  output { _direction == FORWARD ? _v2 : _v1 }

  recalculate() {
    var ihn = input
    var out = output
    out.walkStrength = Strength.weakest(strength, ihn.walkStrength)
    out.stay = ihn.stay
    if (out.stay) execute()
  }

  markUnsatisfied() { _direction = NONE }

  inputsKnown(mark) {
    var i = input
    return i.mark == mark || i.stay || i.determinedBy == null
  }

  removeFromGraph() {
    if (_v1 != null) _v1.removeConstraint(this)
    if (_v2 != null) _v2.removeConstraint(this)
    _direction = NONE
  }
}

// dest = src * scale + offset, where scale and offset are variables too.
class ScaleConstraint is BinaryConstraint {
  construct new(src, scale, offset, dest, strength) {
    super(src, dest, strength)
    _scale = scale
    _offset = offset
    addConstraint()
  }

  addToGraph() {
    super.addToGraph()
    _scale.addConstraint(this)
    _offset.addConstraint(this)
  }

  removeFromGraph() {
    super.removeFromGraph()
    if (_scale != null) _scale.removeConstraint(this)
    if (_offset != null) _offset.removeConstraint(this)
  }

  markInputs(mark) {
    super.markInputs(mark)
    _scale.mark = mark
    _offset.mark = mark
  }

  execute() {
    if (direction == FORWARD) {
      v2.value = v1.value * _scale.value + _offset.value
    } else {
      v1.value = (v2.value - _offset.value) / _scale.value
    }
  }

  recalculate() {
    var ihn = input
    var out = output
    out.walkStrength = Strength.weakest(strength, ihn.walkStrength)
    out.stay = ihn.stay && _scale.stay && _offset.stay
    if (out.stay) execute()
  }
}

// v1 == v2.
class EqualityConstraint is BinaryConstraint {
  construct new(v1, v2, strength) {
    super(v1, v2, strength)
    addConstraint()
  }

  execute() {
    if (direction == FORWARD) {
      v2.value = v1.value
    } else {
      v1.value = v2.value
    }
  }
}

// An ordered list of constraints to execute to propagate new input values.
class Plan {
  construct new() {
    _list = []
  }

  addConstraint(c) { _list.add(c) }
  size { _list.count }

  execute() {
    for (c in _list) c.execute()
  }
}

class Planner {
  construct new() {
    _currentMark = 0
  }

  newMark() {
    _currentMark = _currentMark + 1
    return _currentMark
  }

  // Satisfies a new constraint, re-satisfying whatever it displaces in turn,
  // until nothing is displaced.
  incrementalAdd(c) {
    var mark = newMark()
    var overridden = c.satisfy(mark)
    while (overridden != null) overridden = overridden.satisfy(mark)
  }

  // Removes a constraint, then tries to satisfy the constraints left
  // unsatisfied downstream of it, strongest first.
  incrementalRemove(c) {
    var out = c.output
    c.markUnsatisfied()
    c.removeFromGraph()
    var unsatisfied = removePropagateFrom(out)
    var strength = REQUIRED
    while (true) {
      for (u in unsatisfied) {
        if (u.strength == strength) incrementalAdd(u)
      }
      strength = strength.nextWeaker
      if (strength == WEAKEST) break
    }
  }

  // Builds a plan from the given constraints, in an order in which each one
  // runs only after its inputs are known.
  makePlan(sources) {
    var mark = newMark()
    var plan = Plan.new()
    var todo = sources
    var next = 0
    while (next < todo.count) {
      var c = todo[next]
      next = next + 1
      if (c.output.mark != mark && c.inputsKnown(mark)) {
        plan.addConstraint(c)
        c.output.mark = mark
        addConstraintsConsumingTo(c.output, todo)
      }
    }
    return plan
  }

  extractPlanFromConstraints(constraints) {
    var sources = []
    for (c in constraints) {
      if (c.isInput && c.isSatisfied) sources.add(c)
    }
    return makePlan(sources)
  }

  // Recomputes the walkabout strengths and stay flags downstream of a newly
  // satisfied constraint. Returns false if it finds a cycle.
  addPropagate(c, mark) {
    var todo = [c]
    while (todo.count > 0) {
      var d = todo.removeAt(-1)
      if (d.output.mark == mark) {
        incrementalRemove(c)
        return false
      }
      d.recalculate()
      addConstraintsConsumingTo(d.output, todo)
    }
    return true
  }

  // Resets everything downstream of a variable whose determining constraint
  // was removed. Returns the unsatisfied constraints found on the way.
  removePropagateFrom(out) {
    out.determinedBy = null
    out.walkStrength = WEAKEST
    out.stay = true
    var unsatisfied = []
    var todo = [out]
    while (todo.count > 0) {
      var v = todo.removeAt(-1)
      for (c in v.constraints) {
        if (!c.isSatisfied) unsatisfied.add(c)
      }
      var determining = v.determinedBy
      for (next in v.constraints) {
        if (next != determining && next.isSatisfied) {
          next.recalculate()
          todo.add(next.output)
        }
      }
    }
    return unsatisfied
  }

  addConstraintsConsumingTo(v, list) {
    var determining = v.determinedBy
    for (c in v.constraints) {
      if (c != determining && c.isSatisfied) list.add(c)
    }
  }
}

// A chain of n + 1 variables joined by required equalities, held at the far
// end by a stay and edited at the near end: every edit must flow down the
// whole chain. Returns the sum of the values seen at the far end.
var chainTest = Fn.new {|n|
  ThePlanner = Planner.new()
  var prev = null
  var first = null
  var last = null
  for (i in 0..n) {
    var v = Variable.new("v%(i)", 0)
    if (prev != null) EqualityConstraint.new(prev, v, REQUIRED)
    if (i == 0) first = v
    if (i == n) last = v
    prev = v
  }

  StayConstraint.new(last, STRONG_DEFAULT)
  var edit = EditConstraint.new(first, PREFERRED)
  var plan = ThePlanner.extractPlanFromConstraints([edit])
  var sum = 0
  for (i in 0...100) {
    first.value = i
    plan.execute()
    if (last.value != i) Fiber.abort("Chain test failed: %(last.value) != %(i).")
    sum = sum + last.value
  }
  return sum
}

// Edits a variable through a temporary edit constraint, executing the plan
// ten times, then removes the edit constraint again.
var change = Fn.new {|v, newValue|
  var edit = EditConstraint.new(v, PREFERRED)
  var plan = ThePlanner.extractPlanFromConstraints([edit])
  for (i in 0...10) {
    v.value = newValue
    plan.execute()
  }
  edit.destroyConstraint()
}

// n sources projected through one shared scale and offset onto n
// destinations; edits flow forwards from a source, backwards from a
// destination, and out to every destination from the scale and the offset.
// Returns a checksum of the values.
var projectionTest = Fn.new {|n|
  ThePlanner = Planner.new()
  var scale = Variable.new("scale", 10)
  var offset = Variable.new("offset", 1000)
  var src = null
  var dst = null
  var dests = []
  for (i in 0...n) {
    src = Variable.new("src%(i)", i)
    dst = Variable.new("dst%(i)", i)
    dests.add(dst)
    StayConstraint.new(src, NORMAL)
    ScaleConstraint.new(src, scale, offset, dst, REQUIRED)
  }

  var checksum = 0
  change.call(src, 17)
  if (dst.value != 1170) Fiber.abort("Projection 1 failed: %(dst.value).")
  checksum = checksum + dst.value

  change.call(dst, 1050)
  if (src.value != 5) Fiber.abort("Projection 2 failed: %(src.value).")
  checksum = checksum + src.value

  change.call(scale, 5)
  for (i in 0...n - 1) {
    if (dests[i].value != i * 5 + 1000) Fiber.abort("Projection 3 failed at %(i).")
    checksum = checksum + dests[i].value
  }

  change.call(offset, 2000)
  for (i in 0...n - 1) {
    if (dests[i].value != i * 5 + 2000) Fiber.abort("Projection 4 failed at %(i).")
    checksum = checksum + dests[i].value
  }
  return checksum
}

var chainTotal = 0
var projectionTotal = 0
var rounds = 80
for (round in 1..rounds) {
  chainTotal = chainTotal + chainTest.call(100)
  projectionTotal = projectionTotal + projectionTest.call(100)
}
System.print("rounds: %(rounds)")
System.print("chain total: %(chainTotal)")
System.print("projection total: %(projectionTotal)")
