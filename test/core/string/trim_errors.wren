// trim, trimStart and trimEnd with an argument need a string of characters to remove.
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { "abc".trim(1) } // expect: Characters must be a string.
report.call { "abc".trimStart(null) } // expect: Characters must be a string.
report.call { "abc".trimEnd(["a"]) } // expect: Characters must be a string.
// An empty string of characters removes nothing.
System.print("[" + " abc ".trim("") + "]") // expect: [ abc ]
System.print("abcba".trim("ab")) // expect: c
System.print("abcba".trimStart("ab")) // expect: cba
System.print("abcba".trimEnd("ab")) // expect: abc
System.print("[" + "aaa".trimEnd("a") + "]") // expect: []
"abc".trimStart(97) // expect runtime error: Characters must be a string.
