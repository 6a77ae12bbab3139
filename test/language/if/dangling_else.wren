// A dangling else binds to the nearest if.
if (true) if (false) System.print("bad") else System.print("good") // expect: good
if (false) if (true) System.print("bad") else System.print("bad")
System.print("end") // expect: end
