// Parentheses inside a string inside an interpolation do not close it.
System.print("%(")")") // expect: )
System.print("%("(")") // expect: (
System.print("%({"a": 1}["a"])") // expect: 1
System.print("%("""raw %(x)""")") // expect: raw %(x)
