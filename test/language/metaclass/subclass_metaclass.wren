class A {}
class B is A {}

System.print(B.type) // expect: B metaclass
// The metaclass hierarchy does not parallel the class hierarchy.
System.print(B.type.supertype) // expect: Class
System.print(B.type == A.type) // expect: false
