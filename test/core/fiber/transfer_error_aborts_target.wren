// transferError(_) switches to the receiver and puts it in an error state: a `try` waiting
// on it returns the error, which stays in `error`, and the fiber cannot be run again.
var a
var b = Fiber.new {
  System.print("started b")
  a.transfer()
  System.print("never")
}
a = Fiber.new {
  System.print("transferred to a")
  b.transferError("error!")
  System.print("never")
}

System.print(b.try())
// expect: started b
// expect: transferred to a
// expect: error!
System.print(b.error) // expect: error!
System.print(b.isDone) // expect: true
// The error need not be a string.
var c = Fiber.new { Fiber.current.transferError([1, 2]) }
System.print(c.try()) // expect: [1, 2]
b.call() // expect runtime error: Cannot call an aborted fiber.
