var classes = [Bool, Class, Fiber, Fn, List, Map, Null, Range, String]
for (klass in classes) {
  var fiber = Fiber.new {
    class Sub is klass {}
  }
  System.print(fiber.try())
}
// expect: Class 'Sub' cannot inherit from built-in class 'Bool'.
// expect: Class 'Sub' cannot inherit from built-in class 'Class'.
// expect: Class 'Sub' cannot inherit from built-in class 'Fiber'.
// expect: Class 'Sub' cannot inherit from built-in class 'Fn'.
// expect: Class 'Sub' cannot inherit from built-in class 'List'.
// expect: Class 'Sub' cannot inherit from built-in class 'Map'.
// expect: Class 'Sub' cannot inherit from built-in class 'Null'.
// expect: Class 'Sub' cannot inherit from built-in class 'Range'.
// expect: Class 'Sub' cannot inherit from built-in class 'String'.
