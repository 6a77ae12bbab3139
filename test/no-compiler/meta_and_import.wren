// Run by scripts/test-no-compiler.sh: saved by the full build after the import of "meta"
// (--fuel 300), restored by the build without the compiler, where Meta.eval and the import
// of "random" (not loaded yet) are runtime errors. The full build prints what follows.
import "meta" for Meta
var i = 0
while (i < 100) i = i + 1
System.print("before") // expect: before
var f = Fiber.new { Meta.eval("System.print(\"evaluated\")") } // expect: evaluated
f.try()
System.print(f.error) // expect: null
import "random" for Random
System.print("after") // expect: after
