Fiber.abort(123) // expect runtime error: [error object]
