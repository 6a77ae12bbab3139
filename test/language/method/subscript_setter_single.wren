class Box {
  construct new() {}
  [index]=(value) {
    System.print("set %(index) to %(value)")
    _last = value
  }
  last { _last }
}

var box = Box.new()
box[0] = "zero" // expect: set 0 to zero
box["key"] = [1, 2] // expect: set key to [1, 2]
System.print(box.last) // expect: [1, 2]
