System.print(0x0) // expect: 0
System.print(0xff) // expect: 255
System.print(0xFF) // expect: 255
System.print(0xDeadBeef) // expect: 3735928559
System.print(0x7fffffffffffffff == 9223372036854775807) // expect: true
System.print(-0x10) // expect: -16
