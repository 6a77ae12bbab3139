var a = "a"
var b = "b"
a + b = "value" // expect error
