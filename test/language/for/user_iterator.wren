// Any object with iterate(_) and iteratorValue(_) can be used in a for loop.
class Evens {
  construct new(limit) { _limit = limit }
  iterate(iterator) {
    if (iterator == null) return 0
    iterator = iterator + 2
    if (iterator > _limit) return false
    return iterator
  }
  iteratorValue(iterator) { "even %(iterator)" }
}

for (e in Evens.new(6)) System.print(e)
// expect: even 0
// expect: even 2
// expect: even 4
// expect: even 6
