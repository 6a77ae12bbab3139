// transferError switches to a fiber and raises the error there.
var catcher
catcher = Fiber.new {
  var worker = Fiber.new {
    System.print("worker")
    catcher.transferError("transferred error")
  }
  worker.call()
  System.print("never")
}
System.print(catcher.try())
// expect: worker
// expect: transferred error
