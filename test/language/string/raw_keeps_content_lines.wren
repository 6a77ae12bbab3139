// Content on the first or last line is kept, including surrounding whitespace.
var a = """first
last"""
System.print(a.count) // expect: 10
var b = """
body
tail  """
System.print(b) 
// expect: body
// expect: tail  
var c = """  lead
x"""
System.print(c.count) // expect: 8
