/* A block comment. */
System.print(/* inline */ "a") // expect: a
/*
  Spanning
  several lines.
*/
System.print("b") // expect: b
/* Block comments /* nest */ and the outer one continues here. */
System.print("c") // expect: c
System.print(1 /* between */ + /* operands */ 2) // expect: 3
