// nontest
System.print("start b")
import "./cycle_a" for A
var B = "b value"
System.print("b sees %(A)")
