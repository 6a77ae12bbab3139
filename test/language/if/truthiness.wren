// Only false and null are falsy.
if (false) System.print("false") else System.print("false is falsy") // expect: false is falsy
if (null) System.print("null") else System.print("null is falsy") // expect: null is falsy
if (0) System.print("0 is truthy") // expect: 0 is truthy
if ("") System.print("empty string is truthy") // expect: empty string is truthy
if ([]) System.print("empty list is truthy") // expect: empty list is truthy
if (Object) System.print("class is truthy") // expect: class is truthy
