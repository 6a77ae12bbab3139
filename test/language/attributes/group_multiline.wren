#!doc(
  summary = "multi",
  lines = 2
)
class Foo {}

System.print(Foo.attributes.self["doc"]["summary"]) // expect: [multi]
System.print(Foo.attributes.self["doc"]["lines"]) // expect: [2]
