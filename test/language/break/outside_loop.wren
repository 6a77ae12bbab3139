break // expect error
