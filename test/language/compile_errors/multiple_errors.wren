// The compiler reports every error it finds, not just the first.
var a = 1
this // expect error
var b = 2
break // expect error
_field // expect error
var c = 3
