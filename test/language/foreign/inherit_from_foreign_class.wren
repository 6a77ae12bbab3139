import "random" for Random

class Bar is Random {} // expect runtime error: Class 'Bar' cannot inherit from foreign class 'Random'.
