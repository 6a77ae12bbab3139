// nontest
System.print("start a")
var A = "a value"
import "./cycle_b" for B
System.print("a sees %(B)")
