var f = Fn.new { later }
var later = "later" // expect error
