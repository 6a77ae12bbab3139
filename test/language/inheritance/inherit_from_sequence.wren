// Sequence and Object are not sealed: user classes can inherit from them.
class Three is Sequence {
  construct new() {}
  iterate(i) { i == null ? 1 : (i < 3 ? i + 1 : false) }
  iteratorValue(i) { i }
}

System.print(Three.new().toList) // expect: [1, 2, 3]
System.print(Three.new().map {|x| x * 10 }.toList) // expect: [10, 20, 30]
System.print(Three.new() is Sequence) // expect: true
