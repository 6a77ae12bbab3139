import "./lib/nested/inner" for Inner
// expect: shapes module runs once
System.print(Inner) // expect: inner sees version 1.0
