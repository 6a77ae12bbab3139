// Core classes are implicitly imported into every module.
System.print([Bool, Class, Fiber, Fn, List, Map, Null, Num, Object, Range, Sequence, String, System].count) // expect: 13
