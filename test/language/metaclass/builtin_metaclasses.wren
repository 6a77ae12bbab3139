System.print(Num.type) // expect: Num metaclass
System.print(String.type) // expect: String metaclass
System.print(List.type) // expect: List metaclass
System.print(1.type.type) // expect: Num metaclass
System.print(Class.supertype) // expect: Object
System.print(Num.supertype) // expect: Object
System.print(Object.supertype) // expect: null
