// A capitalized variable used at the top level before its definition runs is null.
System.print(Later) // expect: null
var Later = "defined"
System.print(Later) // expect: defined
