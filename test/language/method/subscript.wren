class Grid {
  construct new() { _cells = {} }
  [x] { "row %(x)" }
  [x, y] { _cells["%(x),%(y)"] }
  [x, y]=(value) { _cells["%(x),%(y)"] = value }
  [a, b, c] { a + b + c }
}

var grid = Grid.new()
System.print(grid[3]) // expect: row 3
System.print(grid[1, 2]) // expect: null
System.print(grid[1, 2] = "set") // expect: set
System.print(grid[1, 2]) // expect: set
System.print(grid[1, 2, 3]) // expect: 6
grid[1, 2, 3, 4] // expect runtime error: Grid does not implement '[_,_,_,_]'.
