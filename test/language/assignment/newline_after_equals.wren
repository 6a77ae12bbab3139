// A plain assignment does not skip newlines after "=" (unlike "var" and setters).
var a = "value"
a = // expect error
  "other" // expect error
