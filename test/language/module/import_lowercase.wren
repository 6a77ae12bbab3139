import "./lib/shapes" for lowercase
// expect: shapes module runs once
System.print(lowercase) // expect: lower
