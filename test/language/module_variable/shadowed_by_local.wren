var a = "module"
{
  var a = "local"
  System.print(a) // expect: local
}
System.print(a) // expect: module

var f = Fn.new {|a| a }
System.print(f.call("param")) // expect: param
