// Once a fiber has been aborted it cannot be run again in any way.
var failed = Fiber.new { Fiber.abort("boom") }
System.print(failed.try()) // expect: boom
System.print(failed.isDone) // expect: true

var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { failed.call() } // expect: Cannot call an aborted fiber.
report.call { failed.call(1) } // expect: Cannot call an aborted fiber.
report.call { failed.try() } // expect: Cannot try an aborted fiber.
report.call { failed.try(1) } // expect: Cannot try an aborted fiber.
report.call { failed.transfer() } // expect: Cannot transfer to an aborted fiber.
report.call { failed.transfer(1) } // expect: Cannot transfer to an aborted fiber.
// transferError raises its error in the current fiber when the transfer fails.
report.call { failed.transferError("again") } // expect: again
// The original error is kept.
System.print(failed.error) // expect: boom
failed.transfer() // expect runtime error: Cannot transfer to an aborted fiber.
