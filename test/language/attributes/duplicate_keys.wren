#!tag = "a"
#!tag = "b"
#!tags(x = 1)
#!tags(x = 2, x = 3)
class Foo {}

System.print(Foo.attributes.self[null]["tag"]) // expect: [a, b]
System.print(Foo.attributes.self["tags"]["x"]) // expect: [1, 2, 3]
