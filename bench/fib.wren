// Recursive Fibonacci through a static method: call-heavy, no allocation.

class Fib {
  static of(n) {
    if (n < 2) return n
    return of(n - 1) + of(n - 2)
  }
}

var total = 0
for (round in 1..5) {
  var result = Fib.of(28)
  total = total + result
  System.print("fib(28) = %(result)")
}
System.print("total = %(total)")
