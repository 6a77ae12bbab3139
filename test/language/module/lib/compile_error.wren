// nontest
var broken = )
