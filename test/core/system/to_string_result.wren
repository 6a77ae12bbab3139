class Weird {
  construct new() {}
  toString { 123 }
}

// If toString does not return a string, a placeholder is printed.
System.print(Weird.new()) // expect: [invalid toString]
