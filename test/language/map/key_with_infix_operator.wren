// A key with an infix operator needs parentheses.
var map = {"a" + "b": 2} // expect error
