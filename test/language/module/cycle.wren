import "./lib/cycle_a" for A
// expect: start a
// expect: start b
// expect: b sees a value
// expect: a sees b value
System.print(A) // expect: a value
