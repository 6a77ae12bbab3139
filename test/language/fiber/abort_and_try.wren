var fiber = Fiber.new {
  System.print("before")
  Fiber.abort("boom")
  System.print("never")
}

System.print(fiber.try()) // expect: before
// expect: boom
System.print(fiber.error) // expect: boom
System.print(fiber.isDone) // expect: true
