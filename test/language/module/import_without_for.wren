import "./lib/shapes"
// expect: shapes module runs once
System.print("imported") // expect: imported
