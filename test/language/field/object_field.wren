class Node {
  construct new(value, next) {
    _value = value
    _next = next
  }
  value { _value }
  next { _next }
}

var list = Node.new(1, Node.new(2, Node.new(3, null)))
var node = list
while (node != null) {
  System.print(node.value)
  node = node.next
}
// expect: 1
// expect: 2
// expect: 3
