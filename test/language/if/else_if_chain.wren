var describe = Fn.new {|n|
  if (n < 0) {
    return "negative"
  } else if (n == 0) {
    return "zero"
  } else if (n < 10) {
    return "small"
  } else {
    return "large"
  }
}

System.print(describe.call(-1)) // expect: negative
System.print(describe.call(0)) // expect: zero
System.print(describe.call(5)) // expect: small
System.print(describe.call(50)) // expect: large
