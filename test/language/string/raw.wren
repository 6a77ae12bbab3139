System.print("""raw""") // expect: raw
System.print("""no \n escapes or %(interpolation)""") // expect: no \n escapes or %(interpolation)
System.print("""has "quotes" inside""") // expect: has "quotes" inside
System.print("""""".count) // expect: 0
System.print(""" \t """.count) // expect: 4
