class Base {
  value { _value }
  value=(v) { _value = "base:" + v }
}

class Derived is Base {
  construct new() {}
  value=(v) { super.value = v + "!" }
  value { "derived(" + super.value + ")" }
}

var d = Derived.new()
d.value = "x"
System.print(d.value) // expect: derived(base:x!)
