// Like the reference, the newline right after a hex literal is counted twice, so later
// lines are reported one further down.
var x = 0x10
var y = ) // expect error line 5
