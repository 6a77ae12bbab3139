// 10,000 fibers, each calling the next: fiber depth must not be limited by the native stack.
var depth = 10000
var make
make = Fn.new {|n|
  return Fiber.new {
    if (n == 0) return 0
    return make.call(n - 1).call() + 1
  }
}

System.print(make.call(depth).call()) // expect: 10000
