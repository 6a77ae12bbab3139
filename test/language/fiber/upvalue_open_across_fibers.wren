// A closure created in a fiber over that fiber's local keeps working after the fiber ends.
var getter
var fiber = Fiber.new {
  var local = "fiber local"
  getter = Fn.new { local }
  Fiber.yield()
  local = "changed"
}
fiber.call()
System.print(getter.call()) // expect: fiber local
fiber.call()
System.print(getter.call()) // expect: changed
