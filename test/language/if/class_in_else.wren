if (true) "ok" else class Foo {} // expect error
