// After % in a string the reference consumes the next character even if it is not (.
var s = "%" // expect error
var t = 1 // expect error
