class A {}
class B is A {}

System.print(A.name) // expect: A
System.print(B.name) // expect: B
System.print(B.supertype) // expect: A
System.print(A.supertype) // expect: Object
System.print(Object.supertype) // expect: null
System.print(String.supertype) // expect: Sequence
System.print(List.supertype) // expect: Sequence
System.print(Map.supertype) // expect: Sequence
System.print(Range.supertype) // expect: Sequence
System.print(Sequence.supertype) // expect: Object
System.print(Class.name) // expect: Class
System.print(Num.name is String) // expect: true
