var seen = []
[1, 2, 3, 4].all {|x|
  seen.add(x)
  return x < 2
}
System.print(seen) // expect: [1, 2]
seen = []
[1, 2, 3, 4].any {|x|
  seen.add(x)
  return x == 3
}
System.print(seen) // expect: [1, 2, 3]
