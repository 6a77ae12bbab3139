var find = Fn.new {|list, target|
  for (i in 0...list.count) {
    var item = list[i]
    if (item == target) return i
  }
  return -1
}

System.print(find.call(["x", "y", "z"], "y")) // expect: 1
System.print(find.call(["x", "y", "z"], "w")) // expect: -1
