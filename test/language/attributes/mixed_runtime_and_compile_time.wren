#hidden = 1
#!shown = 2
class Foo {}

System.print(Foo.attributes.self[null].containsKey("hidden")) // expect: false
System.print(Foo.attributes.self[null]["shown"]) // expect: [2]
