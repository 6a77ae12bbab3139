// The wren command limits the heap to 4 GiB: a string that could never fit is refused before
// anything is allocated, as a runtime error that can be caught. (The reference would try to
// build it; the message is this VM's.)
System.print(Fiber.new { "ab" * 1e10 }.try()) // expect: Out of memory.
System.print("ab" * 2) // expect: abab
"abc" * 2e9 // expect runtime error: Out of memory.
