System.print("ok") // expect error line 2
var s = """never closed
