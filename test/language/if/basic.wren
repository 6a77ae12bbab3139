if (true) System.print("then") // expect: then
if (false) System.print("never")
if (true) System.print("a") else System.print("b") // expect: a
if (false) System.print("a") else System.print("b") // expect: b

if (1 < 2) {
  System.print("block") // expect: block
} else {
  System.print("never")
}
