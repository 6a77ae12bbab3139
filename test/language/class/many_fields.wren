class Many {
  construct new() {
    _f1 = 1
    _f2 = 2
    _f3 = 3
    _f4 = 4
    _f5 = 5
    _f6 = 6
    _f7 = 7
    _f8 = 8
    _f9 = 9
    _f10 = 10
    _f11 = 11
    _f12 = 12
  }
  sum { _f1 + _f2 + _f3 + _f4 + _f5 + _f6 + _f7 + _f8 + _f9 + _f10 + _f11 + _f12 }
}

System.print(Many.new().sum) // expect: 78
