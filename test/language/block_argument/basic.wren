class Runner {
  static run(fn) { fn.call() }
  static run(a, fn) { fn.call(a) }
  static twice(fn) {
    fn.call(1)
    fn.call(2)
  }
}

// A block after a method call becomes its last argument.
Runner.run { System.print("block") } // expect: block
Runner.run(5) {|x| System.print(x * 2) } // expect: 10
Runner.twice {|n|
  System.print("n = %(n)")
}
// expect: n = 1
// expect: n = 2
