var a1b2 = "digits"
var camelCase = "camel"
var UPPER = "upper"
var under_score = "under"
System.print(a1b2) // expect: digits
System.print(camelCase) // expect: camel
System.print(UPPER) // expect: upper
System.print(under_score) // expect: under
