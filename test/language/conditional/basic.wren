System.print(true ? "yes" : "no") // expect: yes
System.print(false ? "yes" : "no") // expect: no
System.print(null ? "yes" : "no") // expect: no
// Only false and null are falsy.
System.print(0 ? "yes" : "no") // expect: yes
System.print("" ? "yes" : "no") // expect: yes
