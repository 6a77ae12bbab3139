class Config {
  static level=(value) { __level = value }
  static level { __level }
}

Config.level = 3
System.print(Config.level) // expect: 3
