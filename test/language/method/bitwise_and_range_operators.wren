class Op {
  construct new() {}
  &(o) { "&%(o)" }
  |(o) { "|%(o)" }
  ^(o) { "^%(o)" }
  <<(o) { "<<%(o)" }
  >>(o) { ">>%(o)" }
  ..(o) { "..%(o)" }
  ...(o) { "...%(o)" }
  ~ { "~" }
  ! { "!" }
  is(o) { "is %(o)" }
}

var op = Op.new()
System.print(op & 1) // expect: &1
System.print(op | 2) // expect: |2
System.print(op ^ 3) // expect: ^3
System.print(op << 4) // expect: <<4
System.print(op >> 5) // expect: >>5
System.print(op..6) // expect: ..6
System.print(op...7) // expect: ...7
System.print(~op) // expect: ~
System.print(!op) // expect: !
System.print(op is 8) // expect: is 8
