var fiber = Fiber.new {
  Fiber.abort(null)
  System.print("still running") // expect: still running
  return "finished"
}
System.print(fiber.try()) // expect: finished
System.print(fiber.error) // expect: null
