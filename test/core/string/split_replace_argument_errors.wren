// split wants a non-empty string delimiter; replace a non-empty string to find and a string
// to put in its place.
var report = Fn.new {|f| System.print(Fiber.new(f).try()) }
report.call { "a b".split(1) } // expect: Delimiter must be a non-empty string.
report.call { "a b".split(null) } // expect: Delimiter must be a non-empty string.
report.call { "a b".replace(1, "x") } // expect: From must be a non-empty string.
report.call { "a b".replace(null, null) } // expect: From must be a non-empty string.
report.call { "a b".replace(" ", null) } // expect: To must be a string.
// Splitting an empty string gives one empty string.
System.print("".split(",").count) // expect: 1
System.print("".split(",")[0] == "") // expect: true
System.print("".replace("a", "b").count) // expect: 0
"a b".split([" "]) // expect runtime error: Delimiter must be a non-empty string.
