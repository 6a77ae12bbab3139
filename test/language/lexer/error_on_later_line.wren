System.print("fine")
var x = 1
var y = @ // expect error
