for (i in 123) { // expect runtime error: Num does not implement 'iterate(_)'.
  System.print(i)
}
