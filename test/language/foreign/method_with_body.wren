// A foreign method has no body: the braces that follow are a syntax error.
class Foo {
  foreign bar() { "body" } // expect error
}
