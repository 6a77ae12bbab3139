#!key = 1 // expect error
var x = 1
