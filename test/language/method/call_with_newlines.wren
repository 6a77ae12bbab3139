class Foo {
  static join(a, b, c) { "%(a)%(b)%(c)" }
}

System.print(Foo.join(
  "a",
  "b",
  "c"
)) // expect: abc
System.print(Foo.join("x",
  "y", "z")) // expect: xyz
