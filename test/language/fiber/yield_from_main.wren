// Yielding from the root fiber has nowhere to go, so the program ends successfully.
System.print("before") // expect: before
Fiber.yield()
System.print("never")
