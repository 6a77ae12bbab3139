class Countdown is Sequence {
  construct new(n) { _n = n }
  iterate(i) {
    if (i == null) return _n > 0 ? _n : false
    return i > 1 ? i - 1 : false
  }
  iteratorValue(i) { i }
}

var c = Countdown.new(4)
System.print(c.toList) // expect: [4, 3, 2, 1]
System.print(c.count) // expect: 4
System.print(c.count {|x| x % 2 == 0 }) // expect: 2
System.print(c.contains(3)) // expect: true
System.print(c.contains(5)) // expect: false
System.print(c.isEmpty) // expect: false
System.print(Countdown.new(0).isEmpty) // expect: true
System.print(c.join("-")) // expect: 4-3-2-1
System.print(c.join()) // expect: 4321
