// A bad escape digit that is a newline is un-read but still counted as a line.
var s = "\u
" // expect error
var t = ) // expect error line 5
