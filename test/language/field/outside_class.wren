_field = "value" // expect error
