System.print("outer %("middle %("inner %(1 + 1)")")") // expect: outer middle inner 2
var list = ["x", "y"]
System.print("list: %(list.map {|e| "<%(e)>" }.join(", "))") // expect: list: <x>, <y>
