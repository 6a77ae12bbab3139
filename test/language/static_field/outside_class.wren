__field = "value" // expect error
