{}

if (true) {}
if (false) {} else {}

System.print("ok") // expect: ok
