import "./lib/does_not_exist" for Foo // expect runtime error: Could not load module './test/language/module/lib/does_not_exist'.
