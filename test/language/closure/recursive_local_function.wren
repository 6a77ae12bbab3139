// A local function can refer to itself through an upvalue once declared.
{
  var fib
  fib = Fn.new {|n| n < 2 ? n : fib.call(n - 1) + fib.call(n - 2) }
  System.print(fib.call(15)) // expect: 610
}
