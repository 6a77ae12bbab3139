var find = Fn.new {|target|
  for (i in 0..3) {
    var j = 0
    while (j < 4) {
      if (i * j == target) return "%(i)*%(j)"
      j = j + 1
    }
  }
  return "none"
}

System.print(find.call(6)) // expect: 2*3
System.print(find.call(100)) // expect: none
