var i = 0
while (i < 3) {
  System.print(i)
  i = i + 1
}
// expect: 0
// expect: 1
// expect: 2

var j = 0
while (j < 3) j = j + 1
System.print(j) // expect: 3

while (false) System.print("never")
