// The part of the core library written in Wren. The classes declared with empty bodies get
// their methods from Rust primitives (see the `core` module), which are bound after this file
// has run; the rest is implemented here.
//
// Module variable order matters: the variables are created in order of first mention, and
// forward references inside method bodies count as mentions. Keep Sequence mentioning
// MapSequence, SkipSequence, TakeSequence, WhereSequence and List in that order, String
// mentioning StringByteSequence before StringCodePointSequence, and Map mentioning
// MapKeySequence, MapValueSequence and MapEntry in that order.

class Bool {}
class Fiber {}
class Fn {}
class Null {}
class Num {}

// The iterator protocol: `iterate(iterator)` returns the next iterator (given `null` first)
// or a falsy value at the end, and `iteratorValue(iterator)` the element for an iterator.
class Sequence {
  all(predicate) {
    var outcome = true
    for (item in this) {
      outcome = predicate.call(item)
      if (!outcome) break
    }
    return outcome
  }

  any(predicate) {
    var outcome = false
    for (item in this) {
      outcome = predicate.call(item)
      if (outcome) break
    }
    return outcome
  }

  contains(value) {
    for (item in this) {
      if (value == item) return true
    }
    return false
  }

  count {
    var n = 0
    for (item in this) n = n + 1
    return n
  }

  count(predicate) {
    var n = 0
    for (item in this) {
      if (predicate.call(item)) n = n + 1
    }
    return n
  }

  each(action) {
    for (item in this) action.call(item)
  }

  isEmpty { iterate(null) ? false : true }

  // The adapters below are lazy: they run the wrapped sequence only when iterated.
  map(transform) { MapSequence.new(this, transform) }

  skip(count) {
    if (!(count is Num) || !count.isInteger || count < 0) {
      Fiber.abort("Count must be a non-negative integer.")
    }
    return SkipSequence.new(this, count)
  }

  take(count) {
    if (!(count is Num) || !count.isInteger || count < 0) {
      Fiber.abort("Count must be a non-negative integer.")
    }
    return TakeSequence.new(this, count)
  }

  where(predicate) { WhereSequence.new(this, predicate) }

  reduce(seed, combine) {
    var total = seed
    for (item in this) total = combine.call(total, item)
    return total
  }

  reduce(combine) {
    var cursor = iterate(null)
    if (!cursor) Fiber.abort("Can't reduce an empty sequence.")

    var total = iteratorValue(cursor)
    while (cursor = iterate(cursor)) {
      total = combine.call(total, iteratorValue(cursor))
    }
    return total
  }

  join() { join("") }

  // Same results and errors as concatenating `separator` and each element's `toString` onto
  // a string one at a time, but the pieces are joined once at the end, in linear time.
  join(separator) {
    var pieces = List.new()
    var started = false
    for (item in this) {
      if (started && "" != separator) {
        if (!(separator is String)) Fiber.abort("Right operand must be a string.")
        pieces.add(separator)
      }
      started = true
      var text = item.toString
      if (!(text is String)) Fiber.abort("Right operand must be a string.")
      pieces.add(text)
    }
    return pieces.concatStrings_
  }

  toList {
    var list = List.new()
    for (item in this) list.add(item)
    return list
  }
}

class MapSequence is Sequence {
  construct new(sequence, transform) {
    _sequence = sequence
    _transform = transform
  }

  iterate(iterator) { _sequence.iterate(iterator) }

  iteratorValue(iterator) { _transform.call(_sequence.iteratorValue(iterator)) }
}

class SkipSequence is Sequence {
  construct new(sequence, count) {
    _sequence = sequence
    _count = count
  }

  iterate(iterator) {
    if (iterator) return _sequence.iterate(iterator)

    // Starting: step over the skipped elements.
    iterator = _sequence.iterate(iterator)
    var left = _count
    while (left > 0 && iterator) {
      iterator = _sequence.iterate(iterator)
      left = left - 1
    }
    return iterator
  }

  iteratorValue(iterator) { _sequence.iteratorValue(iterator) }
}

class TakeSequence is Sequence {
  construct new(sequence, count) {
    _sequence = sequence
    _count = count
  }

  iterate(iterator) {
    if (!iterator) {
      _taken = 1
    } else {
      _taken = _taken + 1
    }
    if (_taken > _count) return null
    return _sequence.iterate(iterator)
  }

  iteratorValue(iterator) { _sequence.iteratorValue(iterator) }
}

class WhereSequence is Sequence {
  construct new(sequence, predicate) {
    _sequence = sequence
    _predicate = predicate
  }

  iterate(iterator) {
    while (iterator = _sequence.iterate(iterator)) {
      if (_predicate.call(_sequence.iteratorValue(iterator))) break
    }
    return iterator
  }

  iteratorValue(iterator) { _sequence.iteratorValue(iterator) }
}

class String is Sequence {
  bytes { StringByteSequence.new(this) }

  codePoints { StringCodePointSequence.new(this) }

  split(delimiter) {
    if (!(delimiter is String) || delimiter.isEmpty) {
      Fiber.abort("Delimiter must be a non-empty string.")
    }

    var parts = []
    var size = byteCount_
    var width = delimiter.byteCount_
    var from = 0
    while (from < size) {
      var at = indexOf(delimiter, from)
      if (at == -1) break
      parts.add(this[from...at])
      from = at + width
    }
    parts.add(from < size ? this[from..-1] : "")
    return parts
  }

  replace(from, to) {
    if (!(from is String) || from.isEmpty) {
      Fiber.abort("From must be a non-empty string.")
    } else if (!(to is String)) {
      Fiber.abort("To must be a string.")
    }

    var text = ""
    var size = byteCount_
    var width = from.byteCount_
    var start = 0
    while (start < size) {
      var at = indexOf(from, start)
      if (at == -1) break
      text = text + this[start...at] + to
      start = at + width
    }
    if (start < size) text = text + this[start..-1]
    return text
  }

  trim() { trim_("\t\r\n ", true, true) }
  trim(chars) { trim_(chars, true, true) }
  trimEnd() { trim_("\t\r\n ", false, true) }
  trimEnd(chars) { trim_(chars, false, true) }
  trimStart() { trim_("\t\r\n ", true, false) }
  trimStart(chars) { trim_(chars, true, false) }

  trim_(chars, atStart, atEnd) {
    if (!(chars is String)) Fiber.abort("Characters must be a string.")

    var strip = chars.codePoints.toList

    // `first` ends as the byte index of the first kept code point.
    var first = 0
    if (atStart) {
      first = null
      while (first = iterate(first)) {
        if (!strip.contains(codePointAt(first))) break
      }
      if (first == false) return ""
    }

    // `last` ends as the byte index of the last byte to keep (-1: the end of the string).
    var last = -1
    if (atEnd) {
      last = byteCount_ - 1
      while (last >= first) {
        var point = codePointAt(last)
        if (point != -1 && !strip.contains(point)) break
        last = last - 1
      }
      if (last < first) return ""
    }

    return this[first..last]
  }

  *(count) {
    if (!(count is Num) || !count.isInteger || count < 0) {
      Fiber.abort("Count must be a non-negative integer.")
    }

    return repeat_(count)
  }
}

class StringByteSequence is Sequence {
  construct new(string) {
    _string = string
  }

  [index] { _string.byteAt(index) }
  iterate(iterator) { _string.iterateByte_(iterator) }
  iteratorValue(iterator) { _string.byteAt(iterator) }
  count { _string.byteCount_ }
}

class StringCodePointSequence is Sequence {
  construct new(string) {
    _string = string
  }

  [index] { _string.codePointAt(index) }
  iterate(iterator) { _string.iterate(iterator) }
  iteratorValue(iterator) { _string.codePointAt(iterator) }
  count { _string.count }
}

class List is Sequence {
  addAll(other) {
    for (item in other) add(item)
    return other
  }

  sort() { sort {|a, b| a < b } }

  sort(comparer) {
    if (!(comparer is Fn)) Fiber.abort("Comparer must be a function.")
    quicksort_(0, count - 1, comparer)
    return this
  }

  // Quicksort of the elements from `low` to `high` inclusive, partitioning around the last one.
  quicksort_(low, high, comparer) {
    if (low < high) {
      var middle = partition_(low, high, comparer)
      quicksort_(low, middle - 1, comparer)
      quicksort_(middle + 1, high, comparer)
    }
  }

  // Moves the elements the comparer puts before the pivot (`this[high]`) to the front, then
  // the pivot after them, and returns the pivot's new index.
  partition_(low, high, comparer) {
    var pivot = this[high]
    var next = low
    for (j in low...high) {
      if (comparer.call(this[j], pivot)) {
        var moved = this[j]
        this[j] = this[next]
        this[next] = moved
        next = next + 1
      }
    }
    var moved = this[high]
    this[high] = this[next]
    this[next] = moved
    return next
  }

  // A shortcut for lists of strings, numbers, bools and nulls; the general case is
  // Sequence's.
  join(separator) {
    var plain = joinPlain_(separator)
    return plain != null ? plain : super.join(separator)
  }

  toString { "[" + join(", ") + "]" }

  +(other) {
    var joined = this[0..-1]
    for (item in other) joined.add(item)
    return joined
  }

  *(count) {
    if (!(count is Num) || !count.isInteger || count < 0) {
      Fiber.abort("Count must be a non-negative integer.")
    }

    var repeated = []
    for (i in 0...count) repeated.addAll(this)
    return repeated
  }
}

class Map is Sequence {
  keys { MapKeySequence.new(this) }

  values { MapValueSequence.new(this) }

  toString {
    var pieces = ["{"]
    var started = false
    for (key in keys) {
      if (started) pieces.add(", ")
      started = true
      pieces.add("%(key): %(this[key])")
    }
    pieces.add("}")
    return pieces.concatStrings_
  }

  iteratorValue(iterator) {
    return MapEntry.new(keyIteratorValue_(iterator), valueIteratorValue_(iterator))
  }
}

class MapEntry {
  construct new(key, value) {
    _key = key
    _value = value
  }

  key { _key }
  value { _value }

  toString { "%(_key):%(_value)" }
}

class MapKeySequence is Sequence {
  construct new(map) {
    _map = map
  }

  iterate(iterator) { _map.iterate(iterator) }
  iteratorValue(iterator) { _map.keyIteratorValue_(iterator) }
}

class MapValueSequence is Sequence {
  construct new(map) {
    _map = map
  }

  iterate(iterator) { _map.iterate(iterator) }
  iteratorValue(iterator) { _map.valueIteratorValue_(iterator) }
}

class Range is Sequence {}

class System {
  static print() {
    writeString_("\n")
  }

  static print(object) {
    writeObject_(object)
    writeString_("\n")
    return object
  }

  static printAll(sequence) {
    for (object in sequence) writeObject_(object)
    writeString_("\n")
  }

  static write(object) {
    writeObject_(object)
    return object
  }

  static writeAll(sequence) {
    for (object in sequence) writeObject_(object)
  }

  static writeObject_(object) {
    var text = object.toString
    writeString_(text is String ? text : "[invalid toString]")
  }
}

// Built by the compiler for classes with runtime (`#!`) attributes: `self` holds the class's
// attributes and `methods` those of its methods (both maps, or null).
class ClassAttributes {
  construct new(attributes, methods) {
    _attributes = attributes
    _methods = methods
  }

  self { _attributes }
  methods { _methods }

  toString { "attributes:%(_attributes) methods:%(_methods)" }
}
