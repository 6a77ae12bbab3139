var entry = null
for (e in {"k": "v"}) entry = e
System.print(entry.key) // expect: k
System.print(entry.value) // expect: v
System.print(entry) // expect: k:v
System.print(entry is MapEntry) // expect: true
