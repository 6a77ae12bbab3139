// The sequence expression is evaluated once; iterate is called with the previous iterator.
class Traced {
  construct new() {}
  iterate(iterator) {
    System.print("iterate %(iterator)")
    if (iterator == null) return 1
    if (iterator < 2) return iterator + 1
    return null
  }
  iteratorValue(iterator) {
    System.print("value %(iterator)")
    return iterator * 10
  }
}

var makes = 0
var make = Fn.new {
  makes = makes + 1
  return Traced.new()
}

for (x in make.call()) System.print("body %(x)")
System.print("made %(makes)")
// expect: iterate null
// expect: value 1
// expect: body 10
// expect: iterate 1
// expect: value 2
// expect: body 20
// expect: iterate 2
// expect: made 1
