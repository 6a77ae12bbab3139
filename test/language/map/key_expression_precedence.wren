// Map keys are parsed at unary precedence.
var map = {-1: "negative", !true: "not", 1.5.floor: "one"}
System.print(map[-1]) // expect: negative
System.print(map[false]) // expect: not
System.print(map[1]) // expect: one
