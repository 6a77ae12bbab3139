// nontest
var Shared = []
class Registry {
  static add(item) { Shared.add(item) }
  static items { Shared }
}
