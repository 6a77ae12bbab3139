for (item in ["a", "b", "c"]) System.print(item)
// expect: a
// expect: b
// expect: c

for (item in []) System.print("never")
