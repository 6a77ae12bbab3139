// A compile error anywhere in the module means none of it runs.
System.print("not printed")
var x = ) // expect error
