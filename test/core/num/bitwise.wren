System.print(5 & 3) // expect: 1
System.print(5 | 3) // expect: 7
System.print(5 ^ 3) // expect: 6
System.print(1 << 4) // expect: 16
System.print(256 >> 4) // expect: 16
System.print(~0) // expect: 4294967295
System.print(~5) // expect: 4294967290
System.print(1 << 31) // expect: 2147483648
System.print(0xffffffff << 1) // expect: 4294967294
System.print(0xffffffff & 0xf0f0f0f0) // expect: 4042322160
System.print(0xffffffff >> 31) // expect: 1
System.print(3.9 & 7) // expect: 3
