super.foo // expect error
