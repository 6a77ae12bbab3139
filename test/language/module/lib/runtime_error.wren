// nontest
System.print("module starts")
var Value = null.method
