#!entity
class Player {
  #!field(name = "hp")
  construct new() {}
}

System.print(Player.attributes.self[null]["entity"]) // expect: [null]
System.print(Player.attributes.methods["init new()"]["field"]["name"]) // expect: [hp]
