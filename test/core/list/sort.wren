var list = [5, 3, 8, 1, 9, 2]
list.sort()
System.print(list) // expect: [1, 2, 3, 5, 8, 9]
list.sort {|a, b| a > b }
System.print(list) // expect: [9, 8, 5, 3, 2, 1]
var words = ["pear", "fig", "banana", "kiwi"]
words.sort {|a, b| a.count < b.count }
System.print(words[0]) // expect: fig
System.print(words[3]) // expect: banana
var empty = []
empty.sort()
System.print(empty) // expect: []
