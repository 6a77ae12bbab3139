// "else" must be on the same line as the end of the then branch.
if (false) {
  System.print("bad")
}
else { // expect error
  System.print("else")
}
