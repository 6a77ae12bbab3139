System.print("before") // expect: before
Fiber.abort("main aborted") // expect runtime error: main aborted
System.print("never")
