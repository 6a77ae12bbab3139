// map and where are lazy: the function runs only when the result is iterated.
var calls = 0
var mapped = [1, 2, 3].map {|x|
  calls = calls + 1
  return x * 2
}
System.print(calls) // expect: 0
System.print(mapped.toList) // expect: [2, 4, 6]
System.print(calls) // expect: 3
System.print(mapped.toList) // expect: [2, 4, 6]
System.print(calls) // expect: 6
System.print(mapped is Sequence) // expect: true
System.print([1, 2, 3, 4].where {|x| x > 2 }.map {|x| x * 10 }.toList) // expect: [30, 40]
