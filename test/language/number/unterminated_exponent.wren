var a = 1e // expect error
