class Math {
  static square(n) { n * n }
  static pi { 3 }
  static twice(n) { square(n) * 2 }
}

System.print(Math.square(4)) // expect: 16
System.print(Math.pi) // expect: 3
// Inside a static method, an implicit-receiver call goes to the class.
System.print(Math.twice(3)) // expect: 18
