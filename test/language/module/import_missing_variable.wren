import "./lib/shapes" for Nope // expect runtime error: Could not find a variable named 'Nope' in module './test/language/module/lib/shapes'.
// expect: shapes module runs once
