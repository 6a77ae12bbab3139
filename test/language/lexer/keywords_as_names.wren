// Keywords cannot be variable names.
var class = 1 // expect error
