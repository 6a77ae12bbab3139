import "./lib/compile_error" for Broken // expect runtime error: Could not compile module './test/language/module/lib/compile_error'.
