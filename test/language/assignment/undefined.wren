unknown = "what" // expect error
