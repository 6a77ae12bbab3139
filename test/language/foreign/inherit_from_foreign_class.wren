foreign class Foo {}

class Bar is Foo {} // expect runtime error: Class 'Bar' cannot inherit from foreign class 'Foo'.
