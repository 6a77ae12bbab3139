// Binary trees with explicit collections: the same workload as
// binary_trees.wren, but System.gc() runs between batches of trees so that
// full collections (with a large long-lived tree to trace) dominate.

class TreeNode {
  construct new(left, right) {
    _left = left
    _right = right
  }

  static grow(depth) {
    if (depth == 0) return TreeNode.new(null, null)
    return TreeNode.new(grow(depth - 1), grow(depth - 1))
  }

  nodeCount {
    if (_left == null) return 1
    return 1 + _left.nodeCount + _right.nodeCount
  }
}

var minDepth = 4
var maxDepth = 12
var stretchDepth = maxDepth + 1

System.print("stretch tree of depth %(stretchDepth) check: %(TreeNode.grow(stretchDepth).nodeCount)")
System.gc()

var keeper = TreeNode.grow(maxDepth)
var collections = 1

var depth = minDepth
while (depth <= maxDepth) {
  var iterations = 1 << (maxDepth - depth + minDepth)
  var check = 0
  for (i in 1..iterations) {
    check = check + TreeNode.grow(depth).nodeCount
    if (i % 4 == 0) {
      System.gc()
      collections = collections + 1
    }
  }
  System.gc()
  collections = collections + 1
  System.print("%(iterations) trees of depth %(depth) check: %(check)")
  depth = depth + 2
}

System.print("long lived tree of depth %(maxDepth) check: %(keeper.nodeCount)")
System.print("explicit collections: %(collections)")
