class Even {
  static test(n) { n == 0 ? true : Odd.test(n - 1) }
}
class Odd {
  static test(n) { n == 0 ? false : Even.test(n - 1) }
}

System.print(Even.test(10)) // expect: true
System.print(Odd.test(7)) // expect: true
System.print(Even.test(7)) // expect: false
