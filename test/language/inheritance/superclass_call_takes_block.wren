// Without parentheses, a "{" after a method call in the superclass clause is parsed as a
// block argument, so the class has no body.
class Holder {
  static base(fn) { Object }
}
class Derived is Holder.base {
} // expect error