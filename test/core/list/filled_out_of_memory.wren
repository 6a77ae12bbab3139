// The wren command limits the heap to 4 GiB: a list that could never fit is refused before
// anything is allocated, as a runtime error that can be caught. (The reference would try the
// allocation; the message is this VM's.)
System.print(Fiber.new { List.filled(1e9, 0) }.try()) // expect: Out of memory.
System.print(List.filled(3, 0)) // expect: [0, 0, 0]
List.filled(2e9, null) // expect runtime error: Out of memory.
