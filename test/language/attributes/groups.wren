#!group(a, b = 1, c = "three")
class Foo {}

var group = Foo.attributes.self["group"]
System.print(group["a"]) // expect: [null]
System.print(group["b"]) // expect: [1]
System.print(group["c"]) // expect: [three]
System.print(group.count) // expect: 3
