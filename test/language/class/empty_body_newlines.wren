class A {}
class B {
}
class C {

}
class D { construct new() {} }
System.print(D.new() is D) // expect: true
