class Validator {
  static check(n) {
    if (n < 0) Fiber.abort("negative: %(n)") // expect runtime error: negative: -1
    return n
  }
}

System.print(Validator.check(1)) // expect: 1
Validator.check(-1)
