class MyNum is Num {} // expect runtime error: Class 'MyNum' cannot inherit from built-in class 'Num'.
