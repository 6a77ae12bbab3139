var classify = Fn.new {|n|
  if (n < 0) return "negative"
  if (n == 0) return "zero"
  return "positive"
}
System.print(classify.call(-3)) // expect: negative
System.print(classify.call(0)) // expect: zero
System.print(classify.call(7)) // expect: positive
