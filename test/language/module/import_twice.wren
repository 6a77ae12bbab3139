// A module body runs only once; later imports share the same module.
import "./lib/shapes" for Square
import "./lib/shapes" for Square as Again
// expect: shapes module runs once
System.print(Object.same(Square, Again)) // expect: true
