var x = null
x.foo // expect runtime error: Null does not implement 'foo'.
