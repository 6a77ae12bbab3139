var main = Fiber.current
var a
var b

a = Fiber.new {
  System.print("a1")
  b.transfer()
  System.print("a2")
  main.transfer("back to main")
}

b = Fiber.new {
  System.print("b1")
  a.transfer()
  System.print("never")
}

System.print(a.transfer()) // expect: a1
// expect: b1
// expect: a2
// expect: back to main
System.print("main done") // expect: main done
