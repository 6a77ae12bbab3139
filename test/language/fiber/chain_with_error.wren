// An error at the bottom of a deep chain of fibers unwinds to the try.
var make
make = Fn.new {|n|
  return Fiber.new {
    if (n == 0) Fiber.abort("bottom")
    return make.call(n - 1).call()
  }
}

System.print(make.call(5000).try()) // expect: bottom
