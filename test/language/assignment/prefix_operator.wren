var a = "a"
!a = "value" // expect error
