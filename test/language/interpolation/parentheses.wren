// Parentheses inside the interpolated expression are balanced.
System.print("%((1 + 2) * (3 + 4))") // expect: 21
System.print("%(((("deep"))))") // expect: deep
System.print("(%(1))") // expect: (1)
