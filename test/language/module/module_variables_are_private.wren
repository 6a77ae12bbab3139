import "./lib/shapes" for Square
// Only the named variables are bound in the importing module.
System.print(Circle) // expect error
