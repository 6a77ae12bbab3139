// The condition binds looser than ||, and the branches can hold assignments.
var x = false || true ? "or" : "not"
System.print(x) // expect: or
var y
true ? y = "assigned" : null
System.print(y) // expect: assigned
System.print(1 + 1 == 2 ? "math" : "broken") // expect: math
