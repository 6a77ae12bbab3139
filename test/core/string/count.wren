System.print("".count) // expect: 0
System.print("hello".count) // expect: 5
System.print("héllo".count) // expect: 5
System.print("€uro".count) // expect: 4
System.print("\U0001F600!".count) // expect: 2
// Invalid UTF-8 bytes count one each.
System.print("\xff\xfea".count) // expect: 3
