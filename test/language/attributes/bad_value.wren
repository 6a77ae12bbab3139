#!key = [1] // expect error
class Foo {}
