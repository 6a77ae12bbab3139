var a = 0x1ffffffffffffffff // expect error
