class Foo // expect error
var x = 1
