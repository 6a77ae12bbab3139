import "./lib/sets_variable" for Registry, Shared
Registry.add("one")
Shared.add("two")
System.print(Registry.items) // expect: [one, two]
