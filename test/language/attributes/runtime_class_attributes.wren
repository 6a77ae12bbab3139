#!version = 3
#!name = "widget"
#!enabled = true
#!kind = fast
class Widget {}

var self = Widget.attributes.self
// Ungrouped attributes are stored under the null group; each key holds a list of values.
System.print(self[null]["version"]) // expect: [3]
System.print(self[null]["name"]) // expect: [widget]
System.print(self[null]["enabled"]) // expect: [true]
// A bare identifier value is stored as a string.
System.print(self[null]["kind"]) // expect: [fast]
System.print(self[null]["kind"][0] is String) // expect: true
System.print(self[null].count) // expect: 4
System.print(Widget.attributes.methods) // expect: null
